import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { SignInPage } from './SignInPage';
import { json, makeMe, mockFetch, noContent, problem, renderWithProviders, sentRequests } from '../test/utils';

describe('SignInPage', () => {
  it('shows the server error when the credentials are rejected', async () => {
    mockFetch({
      'POST /api/v1/session': () => problem(401, { title: 'Unauthorized', detail: 'Email or password is incorrect.' }),
    });
    renderWithProviders(<SignInPage />, { route: '/signin' });

    await userEvent.type(screen.getByLabelText('Email'), 'ada@example.com');
    await userEvent.type(screen.getByLabelText('Password'), 'wrong-password');
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));

    expect(await screen.findByRole('alert')).toHaveTextContent('Email or password is incorrect.');
    expect(screen.getByTestId('location')).toHaveTextContent('/signin');
  });

  it('explains throttling with the Retry-After delay', async () => {
    mockFetch({
      'POST /api/v1/session': () => problem(429, { title: 'Too Many Requests', detail: 'Too many failed sign-in attempts.' }, { 'Retry-After': '90' }),
    });
    renderWithProviders(<SignInPage />, { route: '/signin' });
    await userEvent.type(screen.getByLabelText('Email'), 'ada@example.com');
    await userEvent.type(screen.getByLabelText('Password'), 'pw');
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Too many failed sign-in attempts.');
    expect(alert).toHaveTextContent('Try again in 2 minutes.');
  });

  it('signs in with the entered credentials and continues to the requested page', async () => {
    const fetchMock = mockFetch({ 'POST /api/v1/session': () => json(makeMe()) });
    const { queryClient } = renderWithProviders(<SignInPage />, { route: '/signin?next=%2Fsettings%2Fmembers' });

    await userEvent.type(screen.getByLabelText('Email'), ' ada@example.com ');
    await userEvent.type(screen.getByLabelText('Password'), 'correct horse');
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));

    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent('/settings/members'));
    const request = (await sentRequests(fetchMock)).find((sent) => sent.method === 'POST');
    expect(request?.body).toEqual({ email: 'ada@example.com', password: 'correct horse' });
    expect(queryClient.getQueryData(['me'])).toMatchObject({ email: 'ada@example.com' });
  });

  it('offers the demo account of a local installation and fills it in with one click', async () => {
    const fetchMock = mockFetch({
      'GET /api/v1/demo': () => json({ email: 'demo@costwise.local', password: 'costwise-demo', ready: false }),
      'POST /api/v1/session': () => json(makeMe({ email: 'demo@costwise.local' })),
    });
    renderWithProviders(<SignInPage />, { route: '/signin' });

    const hint = await screen.findByRole('note', { name: 'Demo account' });
    expect(hint).toHaveTextContent('Demo: sign in as demo@costwise.local / costwise-demo');
    expect(hint).toHaveTextContent('still loading');
    await userEvent.click(within(hint).getByRole('button', { name: 'Use demo account' }));
    expect(screen.getByLabelText('Email')).toHaveValue('demo@costwise.local');
    expect(screen.getByLabelText('Password')).toHaveValue('costwise-demo');
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));

    await waitFor(() => expect(screen.getByTestId('location').textContent).toBe('/'));
    const request = (await sentRequests(fetchMock)).find((sent) => sent.method === 'POST');
    expect(request?.body).toEqual({ email: 'demo@costwise.local', password: 'costwise-demo' });
  });

  it('offers no demo account where the installation has none', async () => {
    const fetchMock = mockFetch({
      'GET /api/v1/demo': () => noContent(),
    });
    renderWithProviders(<SignInPage />, { route: '/signin' });

    await waitFor(() => expect(fetchMock).toHaveBeenCalled());
    await screen.findByLabelText('Email');
    expect(screen.queryByRole('note')).not.toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('ignores an off-site next parameter', async () => {
    mockFetch({ 'POST /api/v1/session': () => json(makeMe()) });
    renderWithProviders(<SignInPage />, { route: '/signin?next=%2F%2Fevil.example' });
    await userEvent.type(screen.getByLabelText('Email'), 'ada@example.com');
    await userEvent.type(screen.getByLabelText('Password'), 'pw');
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    await waitFor(() => expect(screen.getByTestId('location').textContent).toBe('/'));
  });
});
