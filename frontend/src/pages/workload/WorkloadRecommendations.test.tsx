import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { WorkloadPage } from './WorkloadPage';
import { createQueryClient } from '../../queryClient';
import { queryOf, workload, workloadCost } from '../../test/fixtures';
import { recommendation } from '../../test/recommendationFixtures';
import { json, makeMe, mockFetch, problem, renderWithProviders } from '../../test/utils';

const precision = recommendation('r-7', {
  workload: 'llm-chat',
  type: 'PRECISION',
  title: 'Serve in FP8 instead of BF16',
  proposed: { ...recommendation('r-7').current, precision: 'FP8' },
  confidence: { level: 'LOW', sampleCount: 40, lookbackDays: 3, fitError: null, measured: false },
  currentMonthlyCost: 800,
  monthlySavings: 200,
});
const spot = recommendation('r-8', {
  workload: 'llm-chat',
  type: 'SPOT',
  title: 'Run on spot capacity',
  proposed: { ...recommendation('r-8').current, purchaseOption: 'SPOT' },
  monthlySavings: 90,
});

function routes(recommendations: (request: Request) => Response) {
  return {
    'GET /api/v1/workloads/llm-chat': () => json(workload('llm-chat')),
    'GET /api/v1/workloads/llm-chat/usage': () => json({ workload: 'llm-chat', stepSeconds: 3600, resolution: 'HOUR', points: [] }),
    'GET /api/v1/workloads/llm-chat/cost': () => json(workloadCost('llm-chat')),
    'GET /api/v1/recommendations': recommendations,
  };
}

function renderPage() {
  const queryClient = createQueryClient();
  queryClient.setQueryData(['me'], makeMe());
  return renderWithProviders(<WorkloadPage />, { route: '/workloads/llm-chat', path: '/workloads/:key', queryClient });
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2026-11-23T12:30:00Z'));
});

afterEach(() => {
  vi.useRealTimers();
});

describe('WorkloadPage: Recommendations', () => {
  it("lists the workload's open recommendations, largest savings first, each linking to its page", async () => {
    const fetchMock = mockFetch(routes(() => json({ items: [precision, spot], nextCursor: null })));
    renderPage();
    const section = await screen.findByRole('region', { name: 'Recommendations' });
    const link = await within(section).findByRole('link', { name: 'Serve in FP8 instead of BF16' });
    expect(link).toHaveAttribute('href', '/recommendations/r-7');
    const rows = within(section).getAllByRole('row').slice(1);
    expect(rows.map((row) => within(row).getAllByRole('cell').map((c) => c.textContent))).toEqual([
      ['Serve in FP8 instead of BF16Precision BF16 → FP8', 'Precision', '$200.0025% of its cost', 'Low', 'Open'],
      ['Run on spot capacityPurchase option On demand → Spot', 'Spot capacity', '$90.009% of its cost', 'High', 'Open'],
    ]);
    // The workload is the page's: no workload column.
    expect(within(section).queryByRole('columnheader', { name: 'Workload' })).not.toBeInTheDocument();
    expect(within(section).getByRole('link', { name: "All of this workload's recommendations" })).toHaveAttribute(
      'href',
      '/recommendations?workload=llm-chat&status=ANY',
    );
    const asked = fetchMock.mock.calls.map(([r]) => r as Request).filter((r) => new URL(r.url).pathname === '/api/v1/recommendations');
    expect(asked.map(queryOf)).toEqual([{ workload: 'llm-chat', status: 'OPEN', limit: '50' }]);
  });

  it('loads more with the cursor', async () => {
    mockFetch(routes((request) => json(queryOf(request).cursor ? { items: [spot], nextCursor: null } : { items: [precision], nextCursor: 'c-2' })));
    const user = userEvent.setup();
    renderPage();
    const section = await screen.findByRole('region', { name: 'Recommendations' });
    await user.click(await within(section).findByRole('button', { name: 'Load more' }));
    expect(await within(section).findByRole('link', { name: 'Run on spot capacity' })).toBeInTheDocument();
    expect(within(section).getByRole('link', { name: 'Serve in FP8 instead of BF16' })).toBeInTheDocument();
  });

  it('says when the workload has no open recommendations', async () => {
    mockFetch(routes(() => json({ items: [], nextCursor: null })));
    renderPage();
    const section = await screen.findByRole('region', { name: 'Recommendations' });
    expect(await within(section).findByText('No open recommendations for this workload')).toBeInTheDocument();
  });

  it('explains in words when they cannot be loaded, and the rest of the page stays', async () => {
    mockFetch(routes(() => problem(503, { title: 'Service Unavailable', detail: 'The database is restarting.' })));
    renderPage();
    const section = await screen.findByRole('region', { name: 'Recommendations' });
    expect(await within(section).findByText('Could not load the recommendations')).toBeInTheDocument();
    expect(within(section).getByText('The database is restarting.')).toBeInTheDocument();
    expect(screen.getByRole('region', { name: 'Cost breakdown' })).toBeInTheDocument();
  });
});
