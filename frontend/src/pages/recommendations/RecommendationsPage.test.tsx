import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { RecommendationsPage } from './RecommendationsPage';
import { createQueryClient } from '../../queryClient';
import { queryOf } from '../../test/fixtures';
import { openSavings, recommendation } from '../../test/recommendationFixtures';
import { json, makeMe, mockFetch, problem, renderWithProviders } from '../../test/utils';
import type { Recommendation } from '../../api/types';

const batch = recommendation('r-1');
const spot = recommendation('r-2', {
  workload: 'llm-chat',
  type: 'SPOT',
  title: 'Run on spot capacity',
  current: { ...batch.current, purchaseOption: 'ON_DEMAND' },
  proposed: { ...batch.current, purchaseOption: 'SPOT' },
  confidence: { level: 'MEDIUM', sampleCount: 300, lookbackDays: 14, fitError: null, measured: false },
  currentMonthlyCost: 1400,
  monthlySavings: 129.78,
  status: 'ACCEPTED',
});

function routes(page: (request: Request) => Response = () => json({ items: [batch, spot], nextCursor: null })) {
  return {
    'GET /api/v1/recommendations': page,
    'GET /api/v1/recommendations/savings': () => json(openSavings()),
  };
}

function listQueries(fetchMock: ReturnType<typeof mockFetch>) {
  return fetchMock.mock.calls
    .map(([r]) => r as Request)
    .filter((r) => new URL(r.url).pathname === '/api/v1/recommendations')
    .map(queryOf);
}

function renderPage(route = '/recommendations') {
  const queryClient = createQueryClient();
  queryClient.setQueryData(['me'], makeMe());
  return renderWithProviders(<RecommendationsPage />, { route, path: '/recommendations', queryClient });
}

function rowOf(title: string) {
  return screen.getByRole('link', { name: title }).closest('tr')!;
}

describe('RecommendationsPage', () => {
  it('lists the open recommendations largest savings first, each with workload, type, change, savings, confidence and status', async () => {
    const fetchMock = mockFetch(routes());
    renderPage();
    expect(screen.getByRole('heading', { level: 1, name: 'Recommendations' })).toBeInTheDocument();
    const table = await screen.findByRole('table', { name: /largest monthly savings first/ });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((row) => within(row).getAllByRole('link')[0].textContent)).toEqual(['Raise the batch size from 32 to 128', 'Run on spot capacity']);

    expect(within(rows[0]).getAllByRole('cell').map((c) => c.textContent)).toEqual([
      'Raise the batch size from 32 to 128Batch size 32 → 128',
      'llm-train',
      'Batch size',
      '$382.7238.3% of its cost',
      'High',
      'Open',
    ]);
    expect(within(rows[0]).getByRole('link', { name: 'Raise the batch size from 32 to 128' })).toHaveAttribute('href', '/recommendations/r-1');
    expect(within(rows[0]).getByRole('link', { name: 'llm-train' })).toHaveAttribute('href', '/workloads/llm-train');
    expect(within(rows[1]).getByText('Purchase option On demand → Spot')).toBeInTheDocument();
    expect(within(rows[1]).getByText('Medium')).toBeInTheDocument();
    expect(within(rows[1]).getByText('Accepted')).toBeInTheDocument();

    expect(listQueries(fetchMock)).toEqual([{ status: 'OPEN', limit: '50' }]);
  });

  it('heads the page with the open savings per month, without double counting', async () => {
    mockFetch(routes());
    renderPage();
    const total = await screen.findByRole('group', { name: 'Open savings per month' });
    expect(total).toHaveTextContent('$512.50');
    expect(total).toHaveTextContent('across 2 workloads');
    expect(screen.getByRole('group', { name: 'Their cost per month' })).toHaveTextContent('21.4% of it could be saved');
    expect(screen.getByRole('link', { name: 'Calibration' })).toHaveAttribute('href', '/recommendations/calibration');
  });

  it('adds up the open savings of the team and project the filters name', async () => {
    const fetchMock = mockFetch(routes());
    renderPage('/recommendations?team=search&type=SPOT');
    const total = await screen.findByRole('group', { name: 'Open savings per month' });
    expect(total).toHaveTextContent('across 2 workloads of team search;');
    const asked = fetchMock.mock.calls
      .map(([input]) => new URL(input instanceof Request ? input.url : String(input)))
      .filter((url) => url.pathname === '/api/v1/recommendations/savings')
      .map((url) => Object.fromEntries(url.searchParams));
    expect(asked).toEqual([{ team: 'search' }]);
  });

  it('takes the filters from the URL and asks for exactly those', async () => {
    const fetchMock = mockFetch(routes());
    renderPage('/recommendations?type=SPOT&status=ACCEPTED&confidence=MEDIUM&workload=llm-chat&team=search&project=ranking&minSavings=100');
    await screen.findByRole('table', { name: /largest monthly savings first/ });
    expect(listQueries(fetchMock)).toEqual([
      {
        workload: 'llm-chat',
        team: 'search',
        project: 'ranking',
        type: 'SPOT',
        status: 'ACCEPTED',
        confidence: 'MEDIUM',
        minSavings: '100',
        limit: '50',
      },
    ]);
    expect(screen.getByLabelText('Team')).toHaveValue('search');
    expect(screen.getByLabelText('Project')).toHaveValue('ranking');
    expect(screen.getByLabelText('Type')).toHaveValue('SPOT');
    expect(screen.getByLabelText('Status')).toHaveValue('ACCEPTED');
    expect(screen.getByLabelText('Confidence')).toHaveValue('MEDIUM');
    expect(screen.getByLabelText('Workload key')).toHaveValue('llm-chat');
    expect(screen.getByLabelText('Minimum savings (USD / month)')).toHaveValue(100);
  });

  it('keeps changed filters in the URL and queries again', async () => {
    const fetchMock = mockFetch(routes());
    const user = userEvent.setup();
    renderPage();
    await screen.findByRole('table', { name: /largest monthly savings first/ });

    await user.selectOptions(screen.getByLabelText('Type'), 'PRECISION');
    expect(screen.getByTestId('location')).toHaveTextContent('/recommendations?type=PRECISION');
    await waitFor(() => expect(listQueries(fetchMock).at(-1)).toEqual({ type: 'PRECISION', status: 'OPEN', limit: '50' }));

    await user.selectOptions(screen.getByLabelText('Status'), 'Any status');
    await user.selectOptions(screen.getByLabelText('Confidence'), 'HIGH');
    await user.type(screen.getByLabelText('Workload key'), 'llm-train');
    await user.type(screen.getByLabelText('Team'), 'research');
    await user.type(screen.getByLabelText('Minimum savings (USD / month)'), '50');
    await user.click(screen.getByRole('button', { name: 'Apply filters' }));

    expect(screen.getByTestId('location')).toHaveTextContent(
      '/recommendations?type=PRECISION&status=ANY&confidence=HIGH&workload=llm-train&team=research&minSavings=50',
    );
    await waitFor(() =>
      expect(listQueries(fetchMock).at(-1)).toEqual({
        workload: 'llm-train',
        team: 'research',
        type: 'PRECISION',
        confidence: 'HIGH',
        minSavings: '50',
        limit: '50',
      }),
    );

    await user.click(screen.getByRole('button', { name: 'Clear' }));
    expect(screen.getByTestId('location')).toHaveTextContent(/^\/recommendations$/);
  });

  it('loads the next page with the cursor and appends it', async () => {
    const third = recommendation('r-3', { title: 'Use BF16 instead of FP32', type: 'PRECISION', monthlySavings: 50 });
    const fetchMock = mockFetch(
      routes((request) => (queryOf(request).cursor === 'next-1' ? json({ items: [third], nextCursor: null }) : json({ items: [batch, spot], nextCursor: 'next-1' }))),
    );
    const user = userEvent.setup();
    renderPage();
    await screen.findByRole('link', { name: 'Run on spot capacity' });
    await user.click(screen.getByRole('button', { name: 'Load more' }));

    expect(await screen.findByRole('link', { name: 'Use BF16 instead of FP32' })).toBeInTheDocument();
    expect(rowOf('Raise the batch size from 32 to 128')).toBeInTheDocument();
    expect(listQueries(fetchMock).at(-1)).toEqual({ status: 'OPEN', cursor: 'next-1', limit: '50' });
    expect(screen.queryByRole('button', { name: 'Load more' })).not.toBeInTheDocument();
  });

  it('explains that recommendations appear after telemetry is ingested when there are none', async () => {
    mockFetch({ ...routes(() => json({ items: [], nextCursor: null })), 'GET /api/v1/recommendations/savings': () => json(openSavings({ monthlySavings: 0, currentMonthlyCost: 0, workloads: [] })) });
    renderPage();
    expect(await screen.findByText('No open recommendations')).toBeInTheDocument();
    expect(screen.getByText(/Recommendations appear after telemetry is ingested/)).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Connect a workload' })).toHaveAttribute('href', '/connect');
    expect(await screen.findByRole('group', { name: 'Open savings per month' })).toHaveTextContent('$0.00');
  });

  it('says when nothing matches the filters', async () => {
    mockFetch(routes(() => json({ items: [] as Recommendation[], nextCursor: null })));
    renderPage('/recommendations?type=REGION');
    expect(await screen.findByText('Nothing matches these filters')).toBeInTheDocument();
  });

  it('explains in words when the list cannot be loaded', async () => {
    mockFetch(
      routes(() =>
        problem(400, { title: 'Bad Request', detail: 'Invalid parameters', errors: [{ parameter: 'minSavings', detail: 'must be a number' }] }),
      ),
    );
    renderPage();
    expect(await screen.findByText('Could not load the recommendations')).toBeInTheDocument();
    expect(screen.getByText('Invalid parameters')).toBeInTheDocument();
    expect(screen.getByText('Min savings: must be a number')).toBeInTheDocument();
  });
});
