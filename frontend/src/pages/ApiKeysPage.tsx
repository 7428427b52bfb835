import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { createApiKey, listApiKeys, revokeApiKey } from '../api/endpoints';
import { queryKeys, useCurrentUser, usePagedList } from '../api/queries';
import { canManage, SCOPES, type ApiKey, type ApiKeyCreated, type Scope } from '../api/types';
import { ConfirmButton } from '../components/ConfirmButton';
import { EmptyState, ErrorAlert, Loading } from '../components/feedback';
import { Field } from '../components/Field';
import { NewKeyPanel } from '../components/NewKeyPanel';
import { Time } from '../components/Time';
import { useDocumentTitle } from '../lib/useDocumentTitle';

export function ApiKeysPage() {
  useDocumentTitle('API keys');
  const me = useCurrentUser();
  const admin = canManage(me.currentTenant.role);
  // The full key lives only in this component state: it is never cached, and gone once dismissed.
  const [created, setCreated] = useState<ApiKeyCreated | null>(null);

  return (
    <>
      <div className="page-header">
        <div>
          <h1>API keys</h1>
          <p className="muted">Keys let workloads and scripts call Costwise for {me.currentTenant.name}.</p>
        </div>
      </div>
      {!admin && (
        <div className="alert alert-info" role="note">
          Only owners and admins can create or revoke API keys.
        </div>
      )}
      {created && <NewKeyPanel created={created} onDone={() => setCreated(null)} />}
      {admin && !created && <CreateKeyForm onCreated={setCreated} />}
      <KeyList admin={admin} />
    </>
  );
}

function CreateKeyForm({ onCreated }: { onCreated: (key: ApiKeyCreated) => void }) {
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<Scope[]>(['telemetry:write']);
  const [scopeError, setScopeError] = useState(false);
  const queryClient = useQueryClient();
  const mutation = useMutation({
    mutationFn: createApiKey,
    onSuccess: (key) => {
      setName('');
      setScopes(['telemetry:write']);
      onCreated(key);
      return queryClient.invalidateQueries({ queryKey: queryKeys.apiKeys });
    },
  });

  function toggle(scope: Scope, checked: boolean) {
    setScopes((current) => (checked ? [...current, scope] : current.filter((s) => s !== scope)));
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    if (scopes.length === 0) {
      setScopeError(true);
      return;
    }
    setScopeError(false);
    // Keep the canonical order regardless of click order.
    mutation.mutate({ name: name.trim(), scopes: SCOPES.map((s) => s.value).filter((s) => scopes.includes(s)) });
  }

  return (
    <section className="card" aria-labelledby="create-key-heading">
      <h2 id="create-key-heading">Create an API key</h2>
      <form className="form" onSubmit={submit}>
        <Field
          label="Name"
          name="name"
          required
          maxLength={100}
          placeholder="e.g. Production inference cluster"
          value={name}
          onChange={(e) => setName(e.target.value)}
          error={mutation.error}
          autoComplete="off"
        />
        <fieldset className="fieldset" aria-describedby={scopeError ? 'scope-error' : undefined}>
          <legend>Scopes</legend>
          {SCOPES.map((scope) => (
            <label key={scope.value} className="checkbox">
              <input
                type="checkbox"
                name="scopes"
                value={scope.value}
                checked={scopes.includes(scope.value)}
                onChange={(e) => toggle(scope.value, e.target.checked)}
              />
              <span>
                <code>{scope.label}</code>
                <span className="muted"> — {scope.description}</span>
              </span>
            </label>
          ))}
          {scopeError && (
            <p id="scope-error" className="field-error" role="alert">
              Choose at least one scope.
            </p>
          )}
        </fieldset>
        <ErrorAlert error={mutation.error} />
        <div className="form-actions start">
          <button type="submit" className="btn btn-primary" disabled={mutation.isPending || !name.trim()}>
            {mutation.isPending ? 'Creating…' : 'Create key'}
          </button>
        </div>
      </form>
    </section>
  );
}

function KeyList({ admin }: { admin: boolean }) {
  const queryClient = useQueryClient();
  const keys = usePagedList(queryKeys.apiKeys, listApiKeys);
  const revoke = useMutation({
    mutationFn: (key: ApiKey) => revokeApiKey(key.id),
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.apiKeys }),
  });

  return (
    <section className="card" aria-labelledby="keys-heading">
      <h2 id="keys-heading">Keys</h2>
      <ErrorAlert error={revoke.error} title="Could not revoke the key" />
      {keys.isPending ? (
        <Loading label="Loading API keys…" />
      ) : keys.isError ? (
        <ErrorAlert error={keys.error} title="Could not load API keys" />
      ) : keys.items.length === 0 ? (
        <EmptyState title="No API keys yet">{admin ? 'Create one above to start sending telemetry.' : undefined}</EmptyState>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Key</th>
              <th scope="col">Scopes</th>
              <th scope="col">Created</th>
              <th scope="col">Last used</th>
              <th scope="col">Status</th>
              {admin && (
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              )}
            </tr>
          </thead>
          <tbody>
            {keys.items.map((key) => {
              const revoked = Boolean(key.revokedAt);
              return (
                <tr key={key.id} className={revoked ? 'row-muted' : undefined}>
                  <td>{key.name}</td>
                  <td>
                    <code className="mono">{key.prefix}…</code>
                  </td>
                  <td>
                    <span className="chips">
                      {(key.scopes ?? []).map((s) => (
                        <span key={s} className="chip">
                          {s}
                        </span>
                      ))}
                    </span>
                  </td>
                  <td>
                    <Time value={key.createdAt} />
                  </td>
                  <td>
                    <Time value={key.lastUsedAt} fallback="Never" />
                  </td>
                  <td>
                    {revoked ? (
                      <span className="badge badge-revoked" title={`Revoked ${key.revokedAt}`}>
                        Revoked
                      </span>
                    ) : (
                      <span className="badge badge-active">Active</span>
                    )}
                  </td>
                  {admin && (
                    <td className="actions">
                      {!revoked && (
                        <ConfirmButton
                          label="Revoke"
                          ariaLabel={`Revoke key ${key.name}`}
                          question={`Revoke “${key.name}”? Calls using it will fail.`}
                          busy={revoke.isPending && revoke.variables?.id === key.id}
                          onConfirm={() => revoke.mutate(key)}
                        />
                      )}
                    </td>
                  )}
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {keys.hasNextPage && (
        <button type="button" className="btn btn-ghost" onClick={() => keys.fetchNextPage()} disabled={keys.isFetchingNextPage}>
          {keys.isFetchingNextPage ? 'Loading…' : 'Load more'}
        </button>
      )}
    </section>
  );
}
