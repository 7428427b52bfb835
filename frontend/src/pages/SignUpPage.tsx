import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link, Navigate, useNavigate } from 'react-router';
import { signUp } from '../api/endpoints';
import { queryKeys, startSession } from '../api/queries';
import { AuthLayout } from '../components/AuthLayout';
import { ErrorAlert } from '../components/feedback';
import { Field } from '../components/Field';
import { useDocumentTitle } from '../lib/useDocumentTitle';

export function SignUpPage() {
  useDocumentTitle('Create your organisation');
  const [organisationName, setOrganisationName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const navigate = useNavigate();
  const queryClient = useQueryClient();

  const mutation = useMutation({
    mutationFn: signUp,
    onSuccess: (me) => {
      startSession(queryClient, me);
      navigate('/', { replace: true });
    },
  });

  if (queryClient.getQueryData(queryKeys.me)) return <Navigate to="/" replace />;

  function submit(event: FormEvent) {
    event.preventDefault();
    mutation.mutate({ organisationName: organisationName.trim(), email: email.trim(), password });
  }

  return (
    <AuthLayout
      title="Create your organisation"
      subtitle="Start tracking what your AI workloads really cost."
      footer={
        <>
          Already have an account? <Link to="/signin">Sign in</Link>
        </>
      }
    >
      <form className="form" onSubmit={submit}>
        <Field
          label="Organisation name"
          name="organisationName"
          autoComplete="organization"
          required
          maxLength={200}
          value={organisationName}
          onChange={(e) => setOrganisationName(e.target.value)}
          error={mutation.error}
          autoFocus
        />
        <Field
          label="Work email"
          name="email"
          type="email"
          autoComplete="email"
          required
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          error={mutation.error}
        />
        <Field
          label="Password"
          name="password"
          type="password"
          autoComplete="new-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          error={mutation.error}
          hint="Use a long, unique password."
        />
        <ErrorAlert error={mutation.error} />
        <button type="submit" className="btn btn-primary btn-block" disabled={mutation.isPending}>
          {mutation.isPending ? 'Creating…' : 'Create organisation'}
        </button>
      </form>
    </AuthLayout>
  );
}
