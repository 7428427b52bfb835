import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { App } from './App';
import { calibration, openSavings, recommendation, recommendationDetail } from './test/recommendationFixtures';
import { json, makeMe, mockFetch, renderWithProviders } from './test/utils';

function renderApp(route: string) {
  mockFetch({
    'GET /api/v1/me': () => json(makeMe()),
    'GET /api/v1/recommendations': () => json({ items: [recommendation('r-1')], nextCursor: null }),
    'GET /api/v1/recommendations/savings': () => json(openSavings()),
    'GET /api/v1/recommendations/calibration': () => json(calibration([])),
    'GET /api/v1/recommendations/r-1': () => json(recommendationDetail(recommendation('r-1'))),
  });
  return renderWithProviders(<App />, { route, path: '/*' });
}

describe('App routes: recommendations', () => {
  it('serves the list at /recommendations, marked in the main navigation', async () => {
    renderApp('/recommendations');
    expect(await screen.findByRole('heading', { level: 1, name: 'Recommendations' })).toBeInTheDocument();
    const nav = screen.getByRole('navigation', { name: 'Main' });
    expect(within(nav).getByRole('link', { name: 'Recommendations' })).toHaveAttribute('aria-current', 'page');
  });

  it('serves the calibration at /recommendations/calibration, not as a recommendation id', async () => {
    renderApp('/recommendations/calibration');
    expect(await screen.findByRole('heading', { level: 1, name: 'Calibration' })).toBeInTheDocument();
  });

  it('serves a recommendation at /recommendations/:id', async () => {
    renderApp('/recommendations/r-1');
    expect(await screen.findByRole('heading', { level: 1, name: 'Raise the batch size from 32 to 128' })).toBeInTheDocument();
    expect(screen.getByRole('status', { name: 'Status' })).toHaveTextContent('Open');
  });
});
