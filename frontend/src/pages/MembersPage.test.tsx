import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { MembersPage } from './MembersPage';
import { createQueryClient } from '../queryClient';
import { json, makeMe, mockFetch, noContent, problem, renderWithProviders, sentRequests, tenantA } from '../test/utils';

const me = makeMe();
const members = [
  { userId: me.userId, email: 'ada@example.com', role: 'OWNER', joinedAt: '2025-01-01T09:00:00Z' },
  { userId: 'u-2', email: 'bob@example.com', role: 'MEMBER', joinedAt: '2025-01-05T09:00:00Z' },
];
const invitation = { id: 'inv-1', email: 'carol@example.com', role: 'VIEWER', createdAt: '2025-02-01T09:00:00Z', expiresAt: '2025-02-08T09:00:00Z' };

function renderPage(user = me) {
  const queryClient = createQueryClient();
  queryClient.setQueryData(['me'], user);
  return renderWithProviders(<MembersPage />, { route: '/settings/members', queryClient });
}

describe('MembersPage', () => {
  it('lets an owner change a role, remove a member, invite and revoke invitations', async () => {
    let invitations = [invitation];
    const fetchMock = mockFetch({
      'GET /api/v1/members': () => json({ items: members, nextCursor: null }),
      'PATCH /api/v1/members/u-2': () => json({ ...members[1], role: 'ADMIN' }),
      'DELETE /api/v1/members/u-2': () => noContent(),
      'GET /api/v1/invitations': () => json({ items: invitations, nextCursor: null }),
      'POST /api/v1/invitations': async (req) => {
        const body = await req.json();
        const created = { ...invitation, id: 'inv-2', ...body };
        invitations = [...invitations, created];
        return json(created, 201);
      },
      'DELETE /api/v1/invitations/inv-1': () => noContent(),
    });
    const user = userEvent.setup();
    renderPage();

    // Own row is read-only.
    const selfRow = (await screen.findByText('ada@example.com')).closest('tr')!;
    expect(within(selfRow).queryByRole('combobox')).not.toBeInTheDocument();
    expect(within(selfRow).getByText('(you)')).toBeInTheDocument();

    await user.selectOptions(screen.getByLabelText('Role of bob@example.com'), 'ADMIN');
    await user.click(screen.getByRole('button', { name: 'Remove bob@example.com' }));
    await user.click(screen.getByRole('button', { name: 'Yes, remove' }));

    await user.type(screen.getByLabelText('Email'), 'dan@example.com');
    await user.selectOptions(screen.getByLabelText('Role'), 'VIEWER');
    await user.click(screen.getByRole('button', { name: 'Send invitation' }));
    expect(await screen.findByText('Invitation sent to dan@example.com.')).toBeInTheDocument();
    expect(await screen.findByText('dan@example.com')).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Revoke invitation for carol@example.com' }));
    await user.click(screen.getByRole('button', { name: 'Yes, revoke' }));

    await waitFor(async () => {
      const writes = (await sentRequests(fetchMock)).filter((r) => r.method !== 'GET');
      expect(writes.map((r) => [r.method, r.path, r.body])).toEqual([
        ['PATCH', '/api/v1/members/u-2', { role: 'ADMIN' }],
        ['DELETE', '/api/v1/members/u-2', undefined],
        ['POST', '/api/v1/invitations', { email: 'dan@example.com', role: 'VIEWER' }],
        ['DELETE', '/api/v1/invitations/inv-1', undefined],
      ]);
    });
  });

  it('shows a viewer the team read-only and does not load invitations', async () => {
    const fetchMock = mockFetch({ 'GET /api/v1/members': () => json({ items: members, nextCursor: null }) });
    renderPage(makeMe({ currentTenant: { ...tenantA, role: 'VIEWER' } }));
    expect(await screen.findByText('bob@example.com')).toBeInTheDocument();
    expect(screen.queryByRole('combobox')).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /remove/i })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Send invitation' })).not.toBeInTheDocument();
    expect(screen.getByText(/Only owners and admins/)).toBeInTheDocument();
    expect(fetchMock.mock.calls.map(([r]) => new URL((r as Request).url).pathname)).toEqual(['/api/v1/members']);
  });

  it('shows an error state when members cannot be loaded', async () => {
    mockFetch({
      'GET /api/v1/members': () => problem(403, { title: 'Forbidden', detail: 'You are not a member of this organisation.' }),
      'GET /api/v1/invitations': () => json({ items: [], nextCursor: null }),
    });
    renderPage();
    expect(await screen.findByText('Could not load members')).toBeInTheDocument();
    expect(screen.getByText('You are not a member of this organisation.')).toBeInTheDocument();
    expect(await screen.findByText('No pending invitations')).toBeInTheDocument();
  });

  it('loads further pages with the cursor', async () => {
    const fetchMock = mockFetch({
      'GET /api/v1/members': (req) =>
        new URL(req.url).searchParams.get('cursor') === 'c2'
          ? json({ items: [members[1]], nextCursor: null })
          : json({ items: [members[0]], nextCursor: 'c2' }),
      'GET /api/v1/invitations': () => json({ items: [], nextCursor: null }),
    });
    const user = userEvent.setup();
    renderPage();
    await user.click(await screen.findByRole('button', { name: 'Load more' }));
    expect(await screen.findByText('bob@example.com')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Load more' })).not.toBeInTheDocument();
    expect(fetchMock.mock.calls.some(([r]) => (r as Request).url.endsWith('/api/v1/members?cursor=c2'))).toBe(true);
  });
});
