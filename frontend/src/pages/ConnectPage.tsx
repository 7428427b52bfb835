import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { createApiKey } from '../api/endpoints';
import { queryKeys, useCurrentUser } from '../api/queries';
import { canManage, type ApiKeyCreated } from '../api/types';
import { CodeBlock } from '../components/CodeBlock';
import { CopyField } from '../components/CopyField';
import { ErrorAlert } from '../components/feedback';
import { Field } from '../components/Field';
import { NewKeyPanel } from '../components/NewKeyPanel';
import { EXAMPLES, withOrigin } from '../examples';
import { useDocumentTitle } from '../lib/useDocumentTitle';

/** Where this Costwise is served from: the snippets point machines at the same address as the browser. */
function currentOrigin(): string {
  return window.location.origin;
}

export function ConnectPage() {
  useDocumentTitle('Connect');
  const me = useCurrentUser();
  const admin = canManage(me.currentTenant.role);
  const origin = currentOrigin();

  return (
    <>
      <div className="page-header">
        <div>
          <h1>Connect</h1>
          <p className="muted">Send your workloads' resource usage to Costwise; costs appear within seconds.</p>
        </div>
      </div>

      <section className="card" aria-labelledby="endpoints-heading">
        <h2 id="endpoints-heading">1. Your endpoints</h2>
        <div className="form">
          <CopyField label="Samples (JSON, NDJSON or CSV)" value={`${origin}/api/v1/telemetry/samples`} />
          <CopyField label="OTLP/HTTP metrics" value={`${origin}/otlp/v1/metrics`} />
        </div>
        <p className="muted top-gap">
          Authenticate with <code>Authorization: Bearer &lt;API key&gt;</code>. Send an <code>Idempotency-Key</code> header so that a retried batch
          is stored once. A batch is accepted whole or rejected whole, with every bad field named.
        </p>
      </section>

      <section className="card" aria-labelledby="key-heading">
        <h2 id="key-heading">2. An API key with telemetry:write</h2>
        {admin ? (
          <TelemetryKey />
        ) : (
          <div className="alert alert-info" role="note">
            Only owners and admins can create API keys. Ask one of them for a key with the <code>telemetry:write</code> scope.
          </div>
        )}
      </section>

      <section className="card" aria-labelledby="snippets-heading">
        <h2 id="snippets-heading">3. Send samples</h2>
        <p className="muted">
          Each sample needs <code>workload</code>, <code>timestamp</code> (RFC 3339, the end of its window) and <code>windowSeconds</code>; everything
          else is optional, and absent means unknown, never zero. Give <code>provider</code>, <code>region</code> and <code>instanceType</code> of a
          catalog instance to price the machine exactly. Set <code>COSTWISE_API_KEY</code> to your key before running a snippet.
        </p>
        {EXAMPLES.map((example) => (
          <section key={example.id} className="snippet" aria-labelledby={`snippet-${example.id}`}>
            <h3 id={`snippet-${example.id}`}>{example.title}</h3>
            <p className="muted">{example.description}</p>
            <CodeBlock title={example.title} fileName={example.fileName} code={withOrigin(example.source, origin)} />
          </section>
        ))}
      </section>
    </>
  );
}

/** Shortcut: a key with only the telemetry:write scope, shown once. */
function TelemetryKey() {
  const [name, setName] = useState('Telemetry');
  const [created, setCreated] = useState<ApiKeyCreated | null>(null);
  const queryClient = useQueryClient();
  const mutation = useMutation({
    mutationFn: createApiKey,
    onSuccess: (key) => {
      setCreated(key);
      return queryClient.invalidateQueries({ queryKey: queryKeys.apiKeys });
    },
  });

  if (created) return <NewKeyPanel created={created} onDone={() => setCreated(null)} />;

  function submit(event: FormEvent) {
    event.preventDefault();
    if (name.trim()) mutation.mutate({ name: name.trim(), scopes: ['telemetry:write'] });
  }

  return (
    <form className="form form-inline-2" onSubmit={submit}>
      <Field
        label="Key name"
        name="name"
        value={name}
        onChange={(e) => setName(e.target.value)}
        required
        maxLength={100}
        error={mutation.error}
        autoComplete="off"
        hint={
          <>
            Only the <code>telemetry:write</code> scope: it can send samples, nothing else. <Link to="/settings/api-keys">Manage all keys</Link>
          </>
        }
      />
      <button type="submit" className="btn btn-primary" disabled={mutation.isPending || !name.trim()}>
        {mutation.isPending ? 'Creating…' : 'Create telemetry key'}
      </button>
      <ErrorAlert error={mutation.error} title="Could not create the key" />
    </form>
  );
}
