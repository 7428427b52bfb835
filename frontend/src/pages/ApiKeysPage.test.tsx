import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { ApiKeysPage } from './ApiKeysPage';
import { createQueryClient } from '../queryClient';
import { json, makeMe, mockFetch, noContent, renderWithProviders, sentRequests, tenantB } from '../test/utils';

const existingKey = {
  id: 'k-1',
  name: 'Prod cluster',
  prefix: 'cw_live_ab12',
  scopes: ['telemetry:write'],
  createdAt: '2025-01-02T10:00:00Z',
  lastUsedAt: null,
  revokedAt: null,
};

function renderPage(me = makeMe()) {
  const queryClient = createQueryClient();
  queryClient.setQueryData(['me'], me);
  return renderWithProviders(<ApiKeysPage />, { route: '/settings/api-keys', queryClient });
}

describe('ApiKeysPage', () => {
  it('lists keys with prefix, scopes and status, and an empty last-used value', async () => {
    mockFetch({ 'GET /api/v1/api-keys': () => json({ items: [existingKey, { ...existingKey, id: 'k-2', name: 'Old', revokedAt: '2025-02-01T00:00:00Z' }], nextCursor: null }) });
    renderPage();
    const row = (await screen.findByText('Prod cluster')).closest('tr')!;
    expect(within(row).getByText('cw_live_ab12…')).toBeInTheDocument();
    expect(within(row).getByText('telemetry:write')).toBeInTheDocument();
    expect(within(row).getByText('Never')).toBeInTheDocument();
    expect(within(row).getByText('Active')).toBeInTheDocument();
    const revokedRow = screen.getByText('Old').closest('tr')!;
    expect(within(revokedRow).getByText('Revoked')).toBeInTheDocument();
    expect(within(revokedRow).queryByRole('button', { name: /revoke/i })).not.toBeInTheDocument();
  });

  it('shows a newly created key once, with a working copy button', async () => {
    const created = { id: 'k-9', name: 'CI', prefix: 'cw_live_zz99', scopes: ['read'], createdAt: '2025-03-01T12:00:00Z', key: 'cw_live_zz99.SECRET-VALUE' };
    let keys: unknown[] = [];
    const fetchMock = mockFetch({
      'GET /api/v1/api-keys': () => json({ items: keys, nextCursor: null }),
      'POST /api/v1/api-keys': () => {
        keys = [{ ...created, key: undefined, lastUsedAt: null, revokedAt: null }];
        return json(created, 201);
      },
    });
    const writeText = vi.fn().mockResolvedValue(undefined);
    const user = userEvent.setup();
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });

    renderPage();
    expect(await screen.findByText('No API keys yet')).toBeInTheDocument();

    await user.type(screen.getByLabelText('Name'), 'CI');
    await user.click(screen.getByRole('checkbox', { name: /telemetry:write/ })); // default on → off
    await user.click(screen.getByRole('checkbox', { name: /^read/ }));
    await user.click(screen.getByRole('button', { name: 'Create key' }));

    const keyInput = await screen.findByLabelText('Your new API key');
    expect(keyInput).toHaveValue('cw_live_zz99.SECRET-VALUE');
    expect(screen.getByText(/will not be shown again/)).toBeInTheDocument();

    const post = (await sentRequests(fetchMock)).find((r) => r.method === 'POST');
    expect(post?.body).toEqual({ name: 'CI', scopes: ['read'] });

    await user.click(screen.getByRole('button', { name: 'Copy' }));
    expect(writeText).toHaveBeenCalledWith('cw_live_zz99.SECRET-VALUE');
    expect(await screen.findByRole('button', { name: 'Copied' })).toBeInTheDocument();

    // The list shows only the prefix; once dismissed the secret is gone from the page.
    expect(await screen.findByText('cw_live_zz99…')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'I have saved the key' }));
    expect(screen.queryByLabelText('Your new API key')).not.toBeInTheDocument();
    expect(document.body.textContent).not.toContain('SECRET-VALUE');
    expect(screen.getByRole('button', { name: 'Create key' })).toBeInTheDocument();
  });

  it('falls back to selecting the key when the clipboard is unavailable', async () => {
    mockFetch({
      'GET /api/v1/api-keys': () => json({ items: [], nextCursor: null }),
      'POST /api/v1/api-keys': () => json({ id: 'k', name: 'X', prefix: 'cw_x', scopes: ['read'], createdAt: '2025-03-01T12:00:00Z', key: 'cw_x.KEY' }, 201),
    });
    const user = userEvent.setup(); // (installs a clipboard stub, so remove it afterwards)
    Object.defineProperty(navigator, 'clipboard', { value: undefined, configurable: true });
    renderPage();
    await user.type(await screen.findByLabelText('Name'), 'X');
    await user.click(screen.getByRole('button', { name: 'Create key' }));
    const input = (await screen.findByLabelText('Your new API key')) as HTMLInputElement;
    await user.click(screen.getByRole('button', { name: 'Copy' }));
    expect(await screen.findByText(/press Ctrl\+C/)).toBeInTheDocument();
    expect(input.selectionStart).toBe(0);
    expect(input.selectionEnd).toBe('cw_x.KEY'.length);
  });

  it('requires at least one scope', async () => {
    const fetchMock = mockFetch({ 'GET /api/v1/api-keys': () => json({ items: [], nextCursor: null }) });
    const user = userEvent.setup();
    renderPage();
    await user.type(await screen.findByLabelText('Name'), 'No scopes');
    await user.click(screen.getByRole('checkbox', { name: /telemetry:write/ }));
    await user.click(screen.getByRole('button', { name: 'Create key' }));
    expect(await screen.findByText('Choose at least one scope.')).toBeInTheDocument();
    expect(fetchMock.mock.calls.every(([r]) => (r as Request).method === 'GET')).toBe(true);
  });

  it('revokes a key only after confirmation', async () => {
    let revoked = false;
    const fetchMock = mockFetch({
      'GET /api/v1/api-keys': () => json({ items: [{ ...existingKey, revokedAt: revoked ? '2025-03-01T00:00:00Z' : null }], nextCursor: null }),
      'DELETE /api/v1/api-keys/k-1': () => {
        revoked = true;
        return noContent();
      },
    });
    const user = userEvent.setup();
    renderPage();
    await user.click(await screen.findByRole('button', { name: 'Revoke key Prod cluster' }));
    expect(fetchMock.mock.calls.some(([r]) => (r as Request).method === 'DELETE')).toBe(false);
    await user.click(screen.getByRole('button', { name: 'Yes, revoke' }));
    await waitFor(() => expect(screen.getByText('Revoked')).toBeInTheDocument());
    expect(fetchMock.mock.calls.some(([r]) => (r as Request).method === 'DELETE')).toBe(true);
  });

  it('hides management controls from non-admins', async () => {
    mockFetch({ 'GET /api/v1/api-keys': () => json({ items: [existingKey], nextCursor: null }) });
    renderPage(makeMe({ currentTenant: tenantB }));
    expect(await screen.findByText('Prod cluster')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Create key' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /revoke/i })).not.toBeInTheDocument();
    expect(screen.getByText(/Only owners and admins can create or revoke API keys/)).toBeInTheDocument();
  });
});
