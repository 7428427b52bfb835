import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  changeMemberRole,
  createInvitation,
  listInvitations,
  listMembers,
  removeMember,
  revokeInvitation,
} from '../api/endpoints';
import { queryKeys, useCurrentUser, usePagedList } from '../api/queries';
import { canManage, ROLES, roleLabel, type Member, type Role } from '../api/types';
import { ConfirmButton } from '../components/ConfirmButton';
import { EmptyState, ErrorAlert, Loading, RoleBadge, SuccessNotice } from '../components/feedback';
import { Field } from '../components/Field';
import { Time } from '../components/Time';
import { useDocumentTitle } from '../lib/useDocumentTitle';

export function MembersPage() {
  useDocumentTitle('Members');
  const me = useCurrentUser();
  const admin = canManage(me.currentTenant.role);

  return (
    <>
      <div className="page-header">
        <div>
          <h1>Members</h1>
          <p className="muted">People who can access {me.currentTenant.name}.</p>
        </div>
      </div>
      {!admin && (
        <div className="alert alert-info" role="note">
          Only owners and admins can change roles, remove members or send invitations.
        </div>
      )}
      <MembersTable admin={admin} />
      {admin && <InviteForm ownerInviting={me.currentTenant.role === 'OWNER'} />}
      {admin && <PendingInvitations />}
    </>
  );
}

function MembersTable({ admin }: { admin: boolean }) {
  const me = useCurrentUser();
  const queryClient = useQueryClient();
  const members = usePagedList(queryKeys.members, listMembers);

  const roleChange = useMutation({
    mutationFn: ({ member, role }: { member: Member; role: Role }) => changeMemberRole(member.userId, role),
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.members }),
  });
  const removal = useMutation({
    mutationFn: (member: Member) => removeMember(member.userId),
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.members }),
  });
  const isOwner = me.currentTenant.role === 'OWNER';

  return (
    <section className="card" aria-labelledby="members-heading">
      <h2 id="members-heading">Team</h2>
      <ErrorAlert error={roleChange.error} title="Could not change the role" />
      <ErrorAlert error={removal.error} title="Could not remove the member" />
      {members.isPending ? (
        <Loading label="Loading members…" />
      ) : members.isError ? (
        <ErrorAlert error={members.error} title="Could not load members" />
      ) : members.items.length === 0 ? (
        <EmptyState title="No members yet" />
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Email</th>
              <th scope="col">Role</th>
              <th scope="col">Joined</th>
              {admin && (
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              )}
            </tr>
          </thead>
          <tbody>
            {members.items.map((member) => {
              const self = member.userId === me.userId;
              // Only owners may grant or change ownership; nobody edits their own role here.
              const editable = admin && !self && (isOwner || member.role !== 'OWNER');
              const roleOptions = ROLES.filter((r) => isOwner || r !== 'OWNER');
              const busy =
                (roleChange.isPending && roleChange.variables?.member.userId === member.userId) ||
                (removal.isPending && removal.variables?.userId === member.userId);
              return (
                <tr key={member.userId}>
                  <td>
                    {member.email}
                    {self && <span className="muted"> (you)</span>}
                  </td>
                  <td>
                    {editable ? (
                      <select
                        aria-label={`Role of ${member.email}`}
                        value={member.role}
                        disabled={busy}
                        onChange={(e) => roleChange.mutate({ member, role: e.target.value as Role })}
                      >
                        {roleOptions.map((r) => (
                          <option key={r} value={r}>
                            {roleLabel(r)}
                          </option>
                        ))}
                      </select>
                    ) : (
                      <RoleBadge role={member.role} label={roleLabel(member.role)} />
                    )}
                  </td>
                  <td>
                    <Time value={member.joinedAt} dateOnly />
                  </td>
                  {admin && (
                    <td className="actions">
                      {editable && (
                        <ConfirmButton
                          label="Remove"
                          ariaLabel={`Remove ${member.email}`}
                          question={`Remove ${member.email}?`}
                          busy={removal.isPending && removal.variables?.userId === member.userId}
                          onConfirm={() => removal.mutate(member)}
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
      {members.hasNextPage && (
        <button type="button" className="btn btn-ghost" onClick={() => members.fetchNextPage()} disabled={members.isFetchingNextPage}>
          {members.isFetchingNextPage ? 'Loading…' : 'Load more'}
        </button>
      )}
    </section>
  );
}

function InviteForm({ ownerInviting }: { ownerInviting: boolean }) {
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('MEMBER');
  const queryClient = useQueryClient();
  const mutation = useMutation({
    mutationFn: createInvitation,
    onSuccess: () => {
      setEmail('');
      return queryClient.invalidateQueries({ queryKey: queryKeys.invitations });
    },
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    mutation.mutate({ email: email.trim(), role });
  }

  return (
    <section className="card" aria-labelledby="invite-heading">
      <h2 id="invite-heading">Invite someone</h2>
      <p className="muted">They receive an email with a link to join. Invitations expire after a while and can be revoked.</p>
      <form className="form form-inline" onSubmit={submit}>
        <Field
          label="Email"
          name="email"
          type="email"
          required
          autoComplete="off"
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          error={mutation.error}
        />
        <div className="field">
          <label htmlFor="invite-role">Role</label>
          <select id="invite-role" value={role} onChange={(e) => setRole(e.target.value as Role)}>
            {ROLES.filter((r) => ownerInviting || r !== 'OWNER').map((r) => (
              <option key={r} value={r}>
                {roleLabel(r)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="btn btn-primary" disabled={mutation.isPending}>
          {mutation.isPending ? 'Sending…' : 'Send invitation'}
        </button>
      </form>
      <ErrorAlert error={mutation.error} />
      {mutation.isSuccess && <SuccessNotice>Invitation sent to {mutation.data.email}.</SuccessNotice>}
    </section>
  );
}

function PendingInvitations() {
  const queryClient = useQueryClient();
  const invitations = usePagedList(queryKeys.invitations, listInvitations);
  const revoke = useMutation({
    mutationFn: revokeInvitation,
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.invitations }),
  });

  return (
    <section className="card" aria-labelledby="pending-heading">
      <h2 id="pending-heading">Pending invitations</h2>
      <ErrorAlert error={revoke.error} title="Could not revoke the invitation" />
      {invitations.isPending ? (
        <Loading label="Loading invitations…" />
      ) : invitations.isError ? (
        <ErrorAlert error={invitations.error} title="Could not load invitations" />
      ) : invitations.items.length === 0 ? (
        <EmptyState title="No pending invitations" />
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Email</th>
              <th scope="col">Role</th>
              <th scope="col">Sent</th>
              <th scope="col">Expires</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {invitations.items.map((inv) => (
              <tr key={inv.id}>
                <td>{inv.email}</td>
                <td>
                  <RoleBadge role={inv.role} label={roleLabel(inv.role)} />
                </td>
                <td>
                  <Time value={inv.createdAt} />
                </td>
                <td>
                  <Time value={inv.expiresAt} />
                </td>
                <td className="actions">
                  <ConfirmButton
                    label="Revoke"
                    ariaLabel={`Revoke invitation for ${inv.email}`}
                    question={`Revoke invitation for ${inv.email}?`}
                    busy={revoke.isPending && revoke.variables === inv.id}
                    onConfirm={() => revoke.mutate(inv.id)}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {invitations.hasNextPage && (
        <button type="button" className="btn btn-ghost" onClick={() => invitations.fetchNextPage()} disabled={invitations.isFetchingNextPage}>
          {invitations.isFetchingNextPage ? 'Loading…' : 'Load more'}
        </button>
      )}
    </section>
  );
}
