import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, Navigate, useLocation, useNavigate, useSearchParams } from 'react-router';
import { fetchDemoSignIn, signIn } from '../api/endpoints';
import { queryKeys, startSession } from '../api/queries';
import { AuthLayout } from '../components/AuthLayout';
import { ErrorAlert, SuccessNotice } from '../components/feedback';
import { Field } from '../components/Field';
import { safeNext } from '../lib/redirect';
import { useDocumentTitle } from '../lib/useDocumentTitle';

export function SignInPage() {
  useDocumentTitle('Sign in');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [params] = useSearchParams();
  const location = useLocation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const next = safeNext(params.get('next'));
  // Only a local installation offers its demo organisation; elsewhere this answers 404 and shows nothing.
  const { data: demo } = useQuery({ queryKey: ['demo'], queryFn: fetchDemoSignIn, staleTime: Infinity, retry: false });

  const mutation = useMutation({
    mutationFn: signIn,
    onSuccess: (me) => {
      startSession(queryClient, me);
      navigate(next, { replace: true });
    },
  });

  // Already signed in (known from cache; no request is made here): go straight to the app.
  if (queryClient.getQueryData(queryKeys.me)) return <Navigate to={next} replace />;

  function submit(event: FormEvent) {
    event.preventDefault();
    mutation.mutate({ email: email.trim(), password });
  }

  const signedOut = (location.state as { signedOut?: boolean } | null)?.signedOut;

  return (
    <AuthLayout
      title="Sign in"
      subtitle="Welcome back. Sign in to your organisation."
      footer={
        <>
          New to Costwise? <Link to="/signup">Create an organisation</Link>
        </>
      }
    >
      {signedOut && !mutation.isError && <SuccessNotice>You have been signed out.</SuccessNotice>}
      {demo && (
        <div className="alert alert-info" role="note" aria-label="Demo account">
          Demo: sign in as <strong>{demo.email}</strong> / <strong>{demo.password}</strong>{' '}
          <button
            type="button"
            className="btn btn-ghost btn-small"
            onClick={() => {
              setEmail(demo.email);
              setPassword(demo.password);
            }}
          >
            Use demo account
          </button>
          {!demo.ready && <p className="muted">Its telemetry is still loading; costs fill in shortly.</p>}
        </div>
      )}
      <form className="form" onSubmit={submit} noValidate={false}>
        <Field
          label="Email"
          name="email"
          type="email"
          autoComplete="username"
          required
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          error={mutation.error}
          autoFocus
        />
        <Field
          label="Password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          error={mutation.error}
        />
        <ErrorAlert error={mutation.error} />
        <button type="submit" className="btn btn-primary btn-block" disabled={mutation.isPending}>
          {mutation.isPending ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </AuthLayout>
  );
}
