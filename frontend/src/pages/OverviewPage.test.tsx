import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { OverviewPage } from './OverviewPage';
import { createQueryClient } from '../queryClient';
import { figures, group, queryOf, report } from '../test/fixtures';
import { openSavings, recommendation } from '../test/recommendationFixtures';
import { json, makeMe, mockFetch, problem, renderWithProviders, tenantB } from '../test/utils';
import type { CostReport } from '../api/types';

const byTeam = report(
  [
    group('search', figures(80, 0.4), [
      { start: '2026-11-02', billed: 30 },
      { start: '2026-11-20', billed: 50 },
    ]),
    group(null, figures(20, 0.9), [{ start: '2026-11-20', billed: 20 }]),
  ],
  { totals: figures(100, 0.5) },
);
const lastMonth = report([], { totals: figures(80, 0.4) });
const byWorkload = report([
  group('llm-chat', figures(60, 0.8)),
  group('resnet-train', figures(30, 0.1)),
  group('batch-embed', figures(10, 0.5)),
]);

const topRecommendations = [
  recommendation('r-1'),
  recommendation('r-2', {
    workload: 'llm-chat',
    type: 'SPOT',
    title: 'Run on spot capacity',
    proposed: { ...recommendation('r-2').current, purchaseOption: 'SPOT' },
    confidence: { level: 'MEDIUM', sampleCount: 300, lookbackDays: 14, fitError: null, measured: false },
    monthlySavings: 129.78,
  }),
];

function routes(overrides: { month?: () => Response; recommendations?: () => Response } = {}) {
  return {
    'GET /api/v1/recommendations': overrides.recommendations ?? (() => json({ items: topRecommendations, nextCursor: 'more' })),
    'GET /api/v1/recommendations/savings': () => json(openSavings()),
    'GET /api/v1/costs': (request: Request) => {
      const q = queryOf(request);
      if (q.groupBy === 'workload') return json(byWorkload);
      if (q.from === '2026-10-01') return json(lastMonth);
      if (overrides.month) return overrides.month();
      return json({ ...byTeam, groupBy: q.groupBy } as CostReport);
    },
  };
}

function renderPage(route = '/') {
  const queryClient = createQueryClient();
  queryClient.setQueryData(['me'], makeMe());
  return renderWithProviders(<OverviewPage />, { route, path: '/', queryClient });
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2026-11-23T12:00:00Z'));
});

afterEach(() => {
  vi.useRealTimers();
});

describe('OverviewPage', () => {
  it("shows this month's billed, utilization-adjusted and idle cost and R, with the trend against last month", async () => {
    mockFetch(routes());
    renderPage();
    const billed = await screen.findByRole('group', { name: 'Billed cost' });
    expect(within(billed).getByText('$100.00')).toBeInTheDocument();
    expect(within(billed).getByText(/\+25% vs Oct 1 – 23, 2026/)).toBeInTheDocument();
    const adjusted = screen.getByRole('group', { name: 'Utilization-adjusted cost' });
    expect(within(adjusted).getByText('$200.00')).toBeInTheDocument();
    expect(within(adjusted).getByText('Σ C·T / R')).toBeInTheDocument();
    expect(within(screen.getByRole('group', { name: 'Idle cost' })).getByText('$50.00')).toBeInTheDocument();
    const utilization = screen.getByRole('group', { name: 'Utilization R' });
    expect(within(utilization).getByText('50%')).toBeInTheDocument();
    expect(within(utilization).getByText(/40% in Oct 1 – 23, 2026/)).toBeInTheDocument();
  });

  it('asks for this month so far and the same days of last month, as UTC days', async () => {
    const fetchMock = mockFetch(routes());
    renderPage();
    await screen.findByRole('group', { name: 'Billed cost' });
    // The recommendations card asks its own API; the cost queries are these three.
    const costCalls = () => fetchMock.mock.calls.map(([r]) => r as Request).filter((r) => new URL(r.url).pathname === '/api/v1/costs');
    await waitFor(() => expect(costCalls()).toHaveLength(3));
    const queries = costCalls().map(queryOf);
    expect(queries).toEqual(
      expect.arrayContaining([
        { from: '2026-11-01', to: '2026-11-24', groupBy: 'team', step: 'day' },
        { from: '2026-10-01', to: '2026-10-24' },
        { from: '2026-11-01', to: '2026-11-24', groupBy: 'workload' },
      ]),
    );
  });

  it('shows the open savings per month and the top 5 recommendations by savings, each linking to its page', async () => {
    const fetchMock = mockFetch(routes());
    renderPage();
    const card = await screen.findByRole('region', { name: 'Top recommendations' });
    expect(await within(card).findByRole('group', { name: 'Open savings per month' })).toHaveTextContent('$512.50');
    const first = await within(card).findByRole('link', { name: 'Raise the batch size from 32 to 128' });
    expect(first).toHaveAttribute('href', '/recommendations/r-1');
    const rows = within(card).getAllByRole('row').slice(1);
    expect(rows.map((row) => within(row).getAllByRole('cell').map((c) => c.textContent))).toEqual([
      ['Raise the batch size from 32 to 128Batch size 32 → 128', 'llm-train', '$382.72', 'High'],
      ['Run on spot capacityPurchase option On demand → Spot', 'llm-chat', '$129.78', 'Medium'],
    ]);
    expect(within(card).getByRole('link', { name: 'All recommendations' })).toHaveAttribute('href', '/recommendations');
    const asked = fetchMock.mock.calls.map(([r]) => r as Request).filter((r) => new URL(r.url).pathname === '/api/v1/recommendations');
    expect(asked.map(queryOf)).toEqual([{ status: 'OPEN', limit: '5' }]);
  });

  it('says when there are no open recommendations yet', async () => {
    mockFetch(routes({ recommendations: () => json({ items: [], nextCursor: null }) }));
    renderPage();
    const card = await screen.findByRole('region', { name: 'Top recommendations' });
    expect(await within(card).findByText('No open recommendations')).toBeInTheDocument();
    expect(within(card).getByText(/They appear after telemetry is ingested/)).toBeInTheDocument();
  });

  it('stacks the daily chart by team, and switches to GPU model through the URL', async () => {
    const fetchMock = mockFetch(routes());
    const user = userEvent.setup();
    renderPage();
    const chart = await screen.findByRole('figure', { name: 'Billed cost per day by team' });
    expect(within(chart).getByRole('columnheader', { name: 'search' })).toBeInTheDocument();
    expect(within(chart).getByRole('columnheader', { name: 'No team label' })).toBeInTheDocument();

    await user.click(screen.getByRole('radio', { name: 'GPU model' }));

    expect(screen.getByTestId('location')).toHaveTextContent('/?stack=gpuModel');
    expect(await screen.findByRole('figure', { name: 'Billed cost per day by GPU model' })).toBeInTheDocument();
    expect(fetchMock.mock.calls.some(([r]) => queryOf(r as Request).groupBy === 'gpuModel')).toBe(true);
  });

  it('lists the top workloads by cost and by idle cost, each linking to its page', async () => {
    mockFetch(routes());
    renderPage();
    const byCost = await screen.findByRole('region', { name: 'Top workloads by cost' });
    await within(byCost).findByText('llm-chat');
    const costRows = within(byCost).getAllByRole('row').slice(1).map((r) => r.textContent);
    expect(costRows).toEqual(['llm-chat$60.0080%', 'resnet-train$30.0010%', 'batch-embed$10.0050%']);

    const byIdle = screen.getByRole('region', { name: 'Top workloads by idle cost' });
    const idleRows = within(byIdle).getAllByRole('row').slice(1).map((r) => r.textContent);
    expect(idleRows).toEqual(['resnet-train$27.00$30.00', 'llm-chat$12.00$60.00', 'batch-embed$5.00$10.00']);
    expect(within(byIdle).getByRole('link', { name: 'resnet-train' })).toHaveAttribute('href', '/workloads/resnet-train');
  });

  it('invites to connect workloads when there are no costs this month', async () => {
    mockFetch(routes({ month: () => json(report([], { totals: figures(0, 1, { utilizationKnown: false }) })) }));
    renderPage();
    expect(await screen.findByText('No costs yet this month')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Connect your workloads' })).toHaveAttribute('href', '/connect');
    expect(screen.queryByRole('figure')).not.toBeInTheDocument();
  });

  it('explains in words when the costs cannot be loaded', async () => {
    mockFetch(routes({ month: () => problem(400, { title: 'Bad Request', detail: 'Invalid parameters', errors: [{ parameter: 'from', detail: 'must be a day' }] }) }));
    renderPage();
    expect(await screen.findByText("Could not load this month's costs")).toBeInTheDocument();
    expect(screen.getAllByText('Invalid parameters').length).toBeGreaterThan(0);
    expect(screen.getAllByText('From: must be a day').length).toBeGreaterThan(0);
  });

  it('shows the organisation and the role of the current user', async () => {
    mockFetch(routes());
    const queryClient = createQueryClient();
    queryClient.setQueryData(['me'], makeMe({ currentTenant: tenantB }));
    renderWithProviders(<OverviewPage />, { queryClient });
    expect(screen.getByText(/Beta Labs/)).toBeInTheDocument();
    expect(screen.getByText('Viewer')).toBeInTheDocument();
    await screen.findByRole('group', { name: 'Billed cost' });
  });
});
