import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { SignUpPage } from './SignUpPage';
import { json, makeMe, mockFetch, problem, renderWithProviders, sentRequests } from '../test/utils';

describe('SignUpPage', () => {
  async function fill() {
    await userEvent.type(screen.getByLabelText('Organisation name'), 'Acme AI');
    await userEvent.type(screen.getByLabelText('Work email'), 'ada@example.com');
    await userEvent.type(screen.getByLabelText('Password'), 'short');
    await userEvent.click(screen.getByRole('button', { name: 'Create organisation' }));
  }

  it('marks the fields named in a validation problem', async () => {
    mockFetch({
      'POST /api/v1/signup': () =>
        problem(400, {
          title: 'Bad Request',
          detail: 'The request is invalid.',
          errors: [{ pointer: '/password', detail: 'size must be between 12 and 128' }],
        }),
    });
    renderWithProviders(<SignUpPage />, { route: '/signup' });
    await fill();

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('The request is invalid.');
    expect(alert).toHaveTextContent('Password: size must be between 12 and 128');
    expect(screen.getByLabelText('Password')).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByLabelText('Work email')).not.toHaveAttribute('aria-invalid');
  });

  it('creates the organisation and opens the app', async () => {
    const fetchMock = mockFetch({ 'POST /api/v1/signup': () => json(makeMe(), 201) });
    renderWithProviders(<SignUpPage />, { route: '/signup' });
    await fill();
    await waitFor(() => expect(screen.getByTestId('location').textContent).toBe('/'));
    const [request] = await sentRequests(fetchMock);
    expect(request).toMatchObject({ method: 'POST', path: '/api/v1/signup', body: { organisationName: 'Acme AI', email: 'ada@example.com' } });
  });
});
