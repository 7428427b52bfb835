import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { AcceptInvitationPage } from './AcceptInvitationPage';
import { json, makeMe, mockFetch, problem, renderWithProviders, sentRequests } from '../test/utils';

const preview = {
  organisationName: 'Acme AI',
  email: 'new@example.com',
  role: 'MEMBER',
  expiresAt: '2099-01-01T00:00:00Z',
  accountExists: false,
};

const route = '/invitations/accept?token=tok-123';

describe('AcceptInvitationPage', () => {
  it('lets a new user create an account with a password and join', async () => {
    const fetchMock = mockFetch({
      'GET /api/v1/me': () => problem(401, { title: 'Unauthorized' }),
      'POST /api/v1/invitations/preview': () => json(preview),
      'POST /api/v1/invitations/accept': () => json(makeMe({ email: 'new@example.com' })),
    });
    const user = userEvent.setup();
    renderWithProviders(<AcceptInvitationPage />, { route });

    expect(await screen.findByRole('heading', { name: 'Create your account' })).toBeInTheDocument();
    expect(screen.getByText('Acme AI')).toBeInTheDocument();
    expect(screen.getByLabelText('Email')).toHaveValue('new@example.com');

    await user.type(screen.getByLabelText('Choose a password'), 'a-long-password');
    await user.type(screen.getByLabelText('Confirm password'), 'a-long-passwor');
    await user.click(screen.getByRole('button', { name: 'Create account and join' }));
    expect(screen.getByRole('alert')).toHaveTextContent('The passwords do not match.');

    await user.type(screen.getByLabelText('Confirm password'), 'd');
    await user.click(screen.getByRole('button', { name: 'Create account and join' }));
    await waitFor(() => expect(screen.getByTestId('location').textContent).toBe('/'));

    const requests = await sentRequests(fetchMock);
    expect(requests.find((r) => r.path === '/api/v1/invitations/preview')?.body).toEqual({ token: 'tok-123' });
    expect(requests.find((r) => r.path === '/api/v1/invitations/accept')?.body).toEqual({ token: 'tok-123', password: 'a-long-password' });
  });

  it('accepts without a password when already signed in as the invited user', async () => {
    const fetchMock = mockFetch({
      'GET /api/v1/me': () => json(makeMe({ email: 'New@Example.com' })),
      'POST /api/v1/invitations/preview': () => json({ ...preview, accountExists: true }),
      'POST /api/v1/invitations/accept': () => json(makeMe()),
    });
    const user = userEvent.setup();
    renderWithProviders(<AcceptInvitationPage />, { route });
    await user.click(await screen.findByRole('button', { name: 'Join Acme AI' }));
    await waitFor(() => expect(screen.getByTestId('location').textContent).toBe('/'));
    expect((await sentRequests(fetchMock)).find((r) => r.path.endsWith('/accept'))?.body).toEqual({ token: 'tok-123' });
  });

  it('explains an expired or revoked invitation', async () => {
    mockFetch({
      'GET /api/v1/me': () => problem(401, { title: 'Unauthorized' }),
      'POST /api/v1/invitations/preview': () => problem(410, { title: 'Gone', detail: 'This invitation has expired.' }),
    });
    renderWithProviders(<AcceptInvitationPage />, { route });
    expect(await screen.findByRole('heading', { name: 'Invitation unavailable' })).toBeInTheDocument();
    expect(screen.getByRole('alert')).toHaveTextContent('This invitation has expired.');
  });

  it('handles a link without token', () => {
    mockFetch({ 'GET /api/v1/me': () => problem(401, { title: 'Unauthorized' }) });
    renderWithProviders(<AcceptInvitationPage />, { route: '/invitations/accept' });
    expect(screen.getByRole('heading', { name: 'Invitation link incomplete' })).toBeInTheDocument();
  });
});
