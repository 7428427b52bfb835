import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route } from 'react-router';
import { describe, expect, it } from 'vitest';
import { AppShell } from './AppShell';
import type { Tenant } from '../api/types';
import { json, makeMe, mockFetch, noContent, problem, renderWithProviders, sentRequests, tenantA, tenantB } from '../test/utils';

function renderShell(route = '/') {
  return renderWithProviders(<AppShell />, {
    route,
    path: '/',
    extraRoutes: (
      <>
        <Route path="/signin" element={<div>Sign-in page</div>} />
        <Route element={<AppShell />}>
          <Route path="/settings/members" element={<div>Members page</div>} />
        </Route>
      </>
    ),
  });
}

describe('AppShell', () => {
  it('redirects to sign-in, remembering the page, when /me answers 401', async () => {
    mockFetch({ 'GET /api/v1/me': () => problem(401, { title: 'Unauthorized' }) });
    renderShell('/settings/members');
    expect(await screen.findByText('Sign-in page')).toBeInTheDocument();
    expect(screen.getByTestId('location')).toHaveTextContent('/signin?next=%2Fsettings%2Fmembers');
  });

  it('links to the cost, workload, recommendation, connect, price override and report subscription pages in the main navigation', async () => {
    mockFetch({ 'GET /api/v1/me': () => json(makeMe()) });
    renderShell();
    const nav = await screen.findByRole('navigation', { name: 'Main' });
    const links = Array.from(nav.querySelectorAll('a')).map((a) => [a.textContent, a.getAttribute('href')]);
    expect(links).toEqual([
      ['Overview', '/'],
      ['Costs', '/costs'],
      ['Workloads', '/workloads'],
      ['Recommendations', '/recommendations'],
      ['Connect', '/connect'],
      ['Members', '/settings/members'],
      ['API keys', '/settings/api-keys'],
      ['Price overrides', '/settings/pricing'],
      ['Report subscriptions', '/settings/reports'],
      ['Profile', '/settings/profile'],
    ]);
  });

  it('shows the product name, the current organisation, the user and the sign-out action', async () => {
    mockFetch({ 'GET /api/v1/me': () => json(makeMe()) });
    renderShell();
    expect(await screen.findByText('ada@example.com')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Costwise home' })).toBeInTheDocument();
    expect(screen.getByLabelText('Organisation')).toHaveValue(tenantA.id);
    expect(screen.getByRole('button', { name: 'New organisation' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Sign out' })).toBeInTheDocument();
  });

  it('switches tenant through the API and refetches queries', async () => {
    let current: Tenant = tenantA;
    const fetchMock = mockFetch({
      'GET /api/v1/me': () => json(makeMe({ currentTenant: current })),
      'PUT /api/v1/session/tenant': () => {
        current = tenantB;
        return json(makeMe({ currentTenant: tenantB }));
      },
    });
    const user = userEvent.setup();
    const { queryClient } = renderShell();
    await screen.findByText('ada@example.com');
    queryClient.setQueryData(['members'], { pages: [], pageParams: [] });

    await user.selectOptions(screen.getByLabelText('Organisation'), tenantB.id);

    await waitFor(() => expect(screen.getByLabelText('Organisation')).toHaveValue(tenantB.id));
    const requests = await sentRequests(fetchMock);
    const put = requests.find((r) => r.method === 'PUT');
    expect(put).toMatchObject({ path: '/api/v1/session/tenant', body: { tenantId: tenantB.id } });
    expect(queryClient.getQueryState(['members'])?.isInvalidated).toBe(true);
  });

  it('signs out and goes to the sign-in page', async () => {
    const fetchMock = mockFetch({ 'GET /api/v1/me': () => json(makeMe()), 'DELETE /api/v1/session': () => noContent() });
    const user = userEvent.setup();
    const { queryClient } = renderShell();
    await user.click(await screen.findByRole('button', { name: 'Sign out' }));
    expect(await screen.findByText('Sign-in page')).toBeInTheDocument();
    expect(queryClient.getQueryData(['me'])).toBeNull();
    const methods = (await sentRequests(fetchMock)).map((r) => `${r.method} ${r.path}`);
    expect(methods).toEqual(['GET /api/v1/me', 'DELETE /api/v1/session']);
  });

  it('creates a new organisation and switches to it', async () => {
    const newTenant = { id: '33333333-3333-3333-3333-333333333333', name: 'Gamma', role: 'OWNER' as const };
    let me = makeMe();
    const fetchMock = mockFetch({
      'GET /api/v1/me': () => json(me),
      'POST /api/v1/tenants': () => json(newTenant, 201),
      'PUT /api/v1/session/tenant': () => {
        me = makeMe({ currentTenant: newTenant, tenants: [tenantA, tenantB, newTenant] });
        return json(me);
      },
    });
    const user = userEvent.setup();
    renderShell();
    await user.click(await screen.findByRole('button', { name: 'New organisation' }));
    const dialog = screen.getByRole('dialog', { name: 'New organisation' });
    expect(dialog).toBeInTheDocument();
    await user.type(screen.getByLabelText('Organisation name'), 'Gamma');
    await user.click(screen.getByRole('button', { name: 'Create organisation' }));

    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(screen.getByLabelText('Organisation')).toHaveValue(newTenant.id);
    const requests = await sentRequests(fetchMock);
    expect(requests.find((r) => r.method === 'POST')?.body).toEqual({ name: 'Gamma' });
    expect(requests.find((r) => r.method === 'PUT')?.body).toEqual({ tenantId: newTenant.id });
  });
});
