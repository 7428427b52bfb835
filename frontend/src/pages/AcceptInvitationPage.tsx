import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { acceptInvitation, previewInvitation, signOut } from '../api/endpoints';
import { queryKeys, startSession, useMe } from '../api/queries';
import { roleLabel } from '../api/types';
import { AuthLayout } from '../components/AuthLayout';
import { ErrorAlert, Loading, RoleBadge } from '../components/feedback';
import { Field } from '../components/Field';
import { Time } from '../components/Time';
import { useDocumentTitle } from '../lib/useDocumentTitle';

export function AcceptInvitationPage() {
  useDocumentTitle('Accept invitation');
  const [params] = useSearchParams();
  const token = params.get('token')?.trim() ?? '';
  const me = useMe();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [mismatch, setMismatch] = useState(false);

  // Wait for /me first: it tells us whether a session exists and primes the CSRF cookie for the POST below.
  const preview = useQuery({
    queryKey: queryKeys.invitationPreview(token),
    queryFn: () => previewInvitation(token),
    enabled: token !== '' && !me.isPending,
    retry: false,
    staleTime: Infinity,
  });

  const accept = useMutation({
    mutationFn: (pw?: string) => acceptInvitation(token, pw),
    meta: { expectsUnauthorized: true },
    onSuccess: (next) => {
      startSession(queryClient, next);
      navigate('/', { replace: true });
    },
  });

  const signOutMutation = useMutation({
    mutationFn: signOut,
    onSettled: () => {
      queryClient.setQueryData(queryKeys.me, null);
    },
  });

  if (!token) {
    return (
      <AuthLayout title="Invitation link incomplete">
        <p>This invitation link is missing its token. Open the link from your invitation email again, or ask the person who invited you to send a new one.</p>
        <Link to="/signin">Go to sign in</Link>
      </AuthLayout>
    );
  }

  if (me.isPending || preview.isPending) {
    return (
      <AuthLayout title="Accept invitation">
        <Loading label="Checking your invitation…" />
      </AuthLayout>
    );
  }

  if (me.isError || preview.isError) {
    return (
      <AuthLayout title="Invitation unavailable" footer={<Link to="/signin">Go to sign in</Link>}>
        <ErrorAlert error={preview.error ?? me.error} />
        <p className="muted">Invitations expire and can be revoked. Ask an admin of the organisation to invite you again.</p>
      </AuthLayout>
    );
  }

  const invitation = preview.data;
  const user = me.data;
  const sameUser = user && user.email.toLowerCase() === invitation.email.toLowerCase();
  const summary = (
    <div className="invitation-summary">
      <p>
        You have been invited to join <strong>{invitation.organisationName}</strong> as{' '}
        <RoleBadge role={invitation.role} label={roleLabel(invitation.role)} />.
      </p>
      <dl className="meta">
        <dt>Invited email</dt>
        <dd>{invitation.email}</dd>
        <dt>Expires</dt>
        <dd>
          <Time value={invitation.expiresAt} />
        </dd>
      </dl>
    </div>
  );

  if (user && !sameUser) {
    return (
      <AuthLayout title="Accept invitation">
        {summary}
        <div className="alert alert-warning" role="alert">
          This invitation is for <strong>{invitation.email}</strong>, but you are signed in as <strong>{user.email}</strong>. Sign out and
          continue as {invitation.email}.
        </div>
        <ErrorAlert error={signOutMutation.error} />
        <button type="button" className="btn btn-primary btn-block" onClick={() => signOutMutation.mutate()} disabled={signOutMutation.isPending}>
          Sign out and continue
        </button>
      </AuthLayout>
    );
  }

  if (user && sameUser) {
    return (
      <AuthLayout title="Accept invitation">
        {summary}
        <ErrorAlert error={accept.error} />
        <button type="button" className="btn btn-primary btn-block" onClick={() => accept.mutate(undefined)} disabled={accept.isPending}>
          {accept.isPending ? 'Joining…' : `Join ${invitation.organisationName}`}
        </button>
      </AuthLayout>
    );
  }

  const creating = !invitation.accountExists;

  function submit(event: FormEvent) {
    event.preventDefault();
    if (creating && password !== confirm) {
      setMismatch(true);
      return;
    }
    setMismatch(false);
    accept.mutate(password);
  }

  return (
    <AuthLayout title={creating ? 'Create your account' : 'Sign in to accept'}>
      {summary}
      <form className="form" onSubmit={submit}>
        <Field label="Email" name="email" type="email" value={invitation.email} readOnly autoComplete="username" />
        <Field
          label={creating ? 'Choose a password' : 'Password'}
          name="password"
          type="password"
          required
          autoComplete={creating ? 'new-password' : 'current-password'}
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          error={accept.error}
          autoFocus
        />
        {creating && (
          <Field
            label="Confirm password"
            name="confirmPassword"
            type="password"
            required
            autoComplete="new-password"
            value={confirm}
            onChange={(e) => setConfirm(e.target.value)}
          />
        )}
        {mismatch && (
          <div className="alert alert-error" role="alert">
            The passwords do not match.
          </div>
        )}
        <ErrorAlert error={accept.error} />
        <button type="submit" className="btn btn-primary btn-block" disabled={accept.isPending}>
          {accept.isPending ? 'Joining…' : creating ? 'Create account and join' : 'Sign in and join'}
        </button>
      </form>
    </AuthLayout>
  );
}
