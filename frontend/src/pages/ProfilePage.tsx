import { useState, type FormEvent } from 'react';
import { useMutation } from '@tanstack/react-query';
import { changePassword } from '../api/endpoints';
import { useCurrentUser } from '../api/queries';
import { roleLabel } from '../api/types';
import { ErrorAlert, RoleBadge, SuccessNotice } from '../components/feedback';
import { Field } from '../components/Field';
import { useDocumentTitle } from '../lib/useDocumentTitle';

export function ProfilePage() {
  useDocumentTitle('Profile');
  const me = useCurrentUser();
  const [currentPassword, setCurrentPassword] = useState('');
  const [newPassword, setNewPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [localError, setLocalError] = useState<string | null>(null);

  const mutation = useMutation({
    mutationFn: changePassword,
    meta: { expectsUnauthorized: true },
    onSuccess: () => {
      setCurrentPassword('');
      setNewPassword('');
      setConfirm('');
    },
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    mutation.reset();
    if (newPassword !== confirm) {
      setLocalError('The new passwords do not match.');
      return;
    }
    if (newPassword === currentPassword) {
      setLocalError('The new password must be different from the current one.');
      return;
    }
    setLocalError(null);
    mutation.mutate({ currentPassword, newPassword });
  }

  return (
    <>
      <div className="page-header">
        <div>
          <h1>Profile</h1>
          <p className="muted">{me.email}</p>
        </div>
      </div>

      <section className="card" aria-labelledby="orgs-heading">
        <h2 id="orgs-heading">Organisations</h2>
        <ul className="plain-list">
          {me.tenants.map((t) => (
            <li key={t.id}>
              <span>{t.name}</span> <RoleBadge role={t.role} label={roleLabel(t.role)} />
              {t.id === me.currentTenant.id && <span className="muted"> · current</span>}
            </li>
          ))}
        </ul>
      </section>

      <section className="card" aria-labelledby="password-heading">
        <h2 id="password-heading">Change password</h2>
        <form className="form narrow-form" onSubmit={submit}>
          <Field
            label="Current password"
            name="currentPassword"
            type="password"
            autoComplete="current-password"
            required
            value={currentPassword}
            onChange={(e) => setCurrentPassword(e.target.value)}
            error={mutation.error}
          />
          <Field
            label="New password"
            name="newPassword"
            type="password"
            autoComplete="new-password"
            required
            value={newPassword}
            onChange={(e) => setNewPassword(e.target.value)}
            error={mutation.error}
          />
          <Field
            label="Confirm new password"
            name="confirmPassword"
            type="password"
            autoComplete="new-password"
            required
            value={confirm}
            onChange={(e) => setConfirm(e.target.value)}
          />
          {localError && (
            <div className="alert alert-error" role="alert">
              {localError}
            </div>
          )}
          <ErrorAlert error={mutation.error} />
          {mutation.isSuccess && <SuccessNotice>Your password has been changed.</SuccessNotice>}
          <div className="form-actions start">
            <button type="submit" className="btn btn-primary" disabled={mutation.isPending}>
              {mutation.isPending ? 'Saving…' : 'Change password'}
            </button>
          </div>
        </form>
      </section>
    </>
  );
}
