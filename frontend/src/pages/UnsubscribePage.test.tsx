import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { UnsubscribePage } from './UnsubscribePage';
import { json, mockFetch, problem, renderWithProviders } from '../test/utils';

const route = '/unsubscribe?token=signed.token';

function requestedUrls(mock: ReturnType<typeof mockFetch>) {
  return mock.mock.calls.map(([input]) => new URL(input instanceof Request ? input.url : String(input)));
}

describe('UnsubscribePage', () => {
  it('unsubscribes only when the recipient confirms, with the token of the link', async () => {
    const fetchMock = mockFetch({ 'POST /api/v1/report-unsubscribe': () => json({ email: 'ana@example.com' }) });
    const user = userEvent.setup();
    renderWithProviders(<UnsubscribePage />, { route });

    expect(screen.getByRole('heading', { name: 'Unsubscribe from this report' })).toBeInTheDocument();
    expect(fetchMock).not.toHaveBeenCalled();

    await user.click(screen.getByRole('button', { name: 'Unsubscribe' }));

    expect(await screen.findByRole('heading', { name: 'You are unsubscribed' })).toBeInTheDocument();
    expect(screen.getByRole('status')).toHaveTextContent('ana@example.com will no longer receive this report');
    const [url] = requestedUrls(fetchMock);
    expect(url.pathname).toBe('/api/v1/report-unsubscribe');
    expect(url.searchParams.get('token')).toBe('signed.token');
  });

  it('says in words when the link is not valid', async () => {
    mockFetch({
      'POST /api/v1/report-unsubscribe': () => problem(404, { title: 'Not Found', detail: 'Unsubscribe link not found.' }),
    });
    const user = userEvent.setup();
    renderWithProviders(<UnsubscribePage />, { route });

    await user.click(screen.getByRole('button', { name: 'Unsubscribe' }));

    expect(await screen.findByRole('alert')).toHaveTextContent('Unsubscribe link not found.');
    expect(screen.getByRole('heading', { name: 'Unsubscribe from this report' })).toBeInTheDocument();
  });

  it('explains a link without its token', () => {
    mockFetch({});
    renderWithProviders(<UnsubscribePage />, { route: '/unsubscribe' });
    expect(screen.getByRole('heading', { name: 'Unsubscribe link incomplete' })).toBeInTheDocument();
  });
});
