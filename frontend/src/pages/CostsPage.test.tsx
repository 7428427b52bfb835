import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CostsPage } from './CostsPage';
import { createQueryClient } from '../queryClient';
import { figures, group, queryOf, report } from '../test/fixtures';
import { json, makeMe, mockFetch, problem, renderWithProviders } from '../test/utils';

const teams = report([
  group('search', figures(120, 0.6, { listCost: 150, workUnit: 'tokens', workUnits: 2e6, costPerThousandUnits: 0.06, costPerMillionUnits: 60 }), [
    { start: '2026-11-20', billed: 120 },
  ]),
  group('vision', figures(300, 0.3), [{ start: '2026-11-21', billed: 300 }]),
  group(null, figures(5, 1, { utilizationKnown: false }), [{ start: '2026-11-21', billed: 5 }]),
]);

function renderPage(route = '/costs') {
  const queryClient = createQueryClient();
  queryClient.setQueryData(['me'], makeMe());
  return renderWithProviders(<CostsPage />, { route, path: '/costs', queryClient });
}

function costQueries(fetchMock: ReturnType<typeof mockFetch>) {
  return fetchMock.mock.calls.map(([r]) => r as Request).filter((r) => new URL(r.url).pathname === '/api/v1/costs').map(queryOf);
}

function tableRows() {
  const table = screen.getByRole('table', { name: /^Costs by/ });
  return within(table)
    .getAllByRole('row')
    .slice(1, -1)
    .map((row) => row.querySelector('th, td')!.textContent);
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2026-11-23T12:00:00Z'));
});

afterEach(() => {
  vi.useRealTimers();
});

describe('CostsPage', () => {
  it('takes period, grouping and filters from the URL and asks the API for exactly that view', async () => {
    const fetchMock = mockFetch({ 'GET /api/v1/costs': () => json(teams) });
    renderPage('/costs?period=custom&from=2026-11-01&to=2026-11-08&groupBy=team&kind=INFERENCE&region=us-east-1');
    await screen.findByRole('table', { name: /^Costs by/ });
    expect(costQueries(fetchMock)).toEqual([
      { from: '2026-11-01', to: '2026-11-08', groupBy: 'team', step: 'day', kind: 'INFERENCE', region: 'us-east-1' },
    ]);
    expect(screen.getByLabelText('Group by')).toHaveValue('team');
    expect(screen.getByLabelText('First day')).toHaveValue('2026-11-01');
    expect(screen.getByLabelText('Last day')).toHaveValue('2026-11-07');
    expect(screen.getByLabelText('Kind')).toHaveValue('INFERENCE');
  });

  it('defaults to the last 30 days grouped by workload', async () => {
    const fetchMock = mockFetch({ 'GET /api/v1/costs': () => json(report([group('llm', figures(1))])) });
    renderPage();
    await screen.findByRole('link', { name: 'llm' });
    expect(costQueries(fetchMock)[0]).toEqual({ from: '2026-10-25', to: '2026-11-24', groupBy: 'workload', step: 'day' });
    expect(screen.getByRole('link', { name: 'llm' })).toHaveAttribute('href', '/workloads/llm');
  });

  it('shows billed, list, utilization-adjusted and idle cost, R and unit costs per group, with totals', async () => {
    mockFetch({ 'GET /api/v1/costs': () => json(teams) });
    renderPage('/costs?groupBy=team');
    const row = (await screen.findByRole('rowheader', { name: 'search' })).closest('tr')!;
    const cells = within(row).getAllByRole('cell').map((c) => c.textContent);
    expect(cells).toEqual(['$120.00', '$150.00', '$200.00', '$48.00', '60%', '$0.06 per 1k tokens', '$60.00 per 1M tokens']);
    const unlabelled = screen.getByRole('rowheader', { name: 'No team label' }).closest('tr')!;
    expect(within(unlabelled).getAllByRole('cell').slice(5).map((c) => c.textContent)).toEqual(['—', '—']);
    expect(screen.getByText(/No utilization measured: R = 1 assumed/)).toBeInTheDocument();
    const total = screen.getByRole('rowheader', { name: 'Total' }).closest('tr')!;
    expect(within(total).getAllByRole('cell')[0]).toHaveTextContent('$425.00');
  });

  it('sorts the table by a column and keeps the sort in the URL', async () => {
    mockFetch({ 'GET /api/v1/costs': () => json(teams) });
    const user = userEvent.setup();
    renderPage('/costs?groupBy=team');
    await screen.findByRole('table', { name: /^Costs by/ });
    expect(tableRows()).toEqual(['vision', 'search', 'No team label']);

    await user.click(screen.getByRole('button', { name: /^R/ }));
    expect(tableRows()).toEqual(['No team label', 'search', 'vision']);
    expect(screen.getByRole('columnheader', { name: /^R/ })).toHaveAttribute('aria-sort', 'descending');
    expect(screen.getByTestId('location')).toHaveTextContent('sort=utilization');

    await user.click(screen.getByRole('button', { name: /^Team/ }));
    expect(tableRows()).toEqual(['No team label', 'search', 'vision']);
    expect(screen.getByTestId('location')).toHaveTextContent('sort=key&dir=asc');
  });

  it('applies filters to the URL and the query only when submitted', async () => {
    const fetchMock = mockFetch({ 'GET /api/v1/costs': () => json(teams) });
    const user = userEvent.setup();
    renderPage('/costs?groupBy=team');
    await screen.findByRole('table', { name: /^Costs by/ });
    await user.type(screen.getByLabelText('Project'), 'chatbot');
    await user.selectOptions(screen.getByLabelText('Provider'), 'aws');
    expect(costQueries(fetchMock)).toHaveLength(1);

    await user.click(screen.getByRole('button', { name: 'Apply filters' }));

    expect(screen.getByTestId('location')).toHaveTextContent('/costs?groupBy=team&project=chatbot&provider=aws');
    await waitFor(() => expect(costQueries(fetchMock).at(-1)).toMatchObject({ project: 'chatbot', provider: 'aws' }));
  });

  it('offers FOCUS and plain CSV downloads of the current period', async () => {
    mockFetch({ 'GET /api/v1/costs': () => json(teams) });
    renderPage('/costs?period=mtd');
    await screen.findByRole('table', { name: /^Costs by/ });
    expect(screen.getByRole('link', { name: 'Download FOCUS CSV' })).toHaveAttribute('href', '/api/v1/costs/export?format=focus&from=2026-11-01&to=2026-11-24');
    expect(screen.getByRole('link', { name: 'Download CSV' })).toHaveAttribute('href', '/api/v1/costs/export?format=csv&from=2026-11-01&to=2026-11-24');
    expect(screen.getByText(/Every workload of the period; one row per workload, day/)).toBeInTheDocument();
  });

  it('downloads the current view: the links carry its filters, and the hint names them', async () => {
    mockFetch({ 'GET /api/v1/costs': () => json(teams) });
    renderPage('/costs?period=mtd&groupBy=team&team=search&kind=INFERENCE&provider=aws&gpuModel=H100');
    await screen.findByRole('table', { name: /^Costs by/ });
    const focus = new URL(screen.getByRole('link', { name: 'Download FOCUS CSV' }).getAttribute('href')!, 'http://localhost');
    expect(focus.pathname).toBe('/api/v1/costs/export');
    expect(Object.fromEntries(focus.searchParams)).toEqual({
      format: 'focus',
      from: '2026-11-01',
      to: '2026-11-24',
      team: 'search',
      kind: 'INFERENCE',
      provider: 'aws',
      gpuModel: 'H100',
    });
    expect(screen.getByRole('link', { name: 'Download CSV' })).toHaveAttribute(
      'href',
      '/api/v1/costs/export?format=csv&from=2026-11-01&to=2026-11-24&team=search&kind=INFERENCE&provider=aws&gpuModel=H100',
    );
    expect(screen.getByText(/^Only what the filters select: Team search, Kind .+, Provider .+, GPU model H100; one row per workload/)).toBeInTheDocument();
  });

  it('follows newly applied filters in the download links', async () => {
    mockFetch({ 'GET /api/v1/costs': () => json(teams) });
    const user = userEvent.setup();
    renderPage('/costs?period=mtd&groupBy=team');
    await screen.findByRole('table', { name: /^Costs by/ });
    await user.type(screen.getByLabelText('Project'), 'chat bot');
    // Not applied yet: the download is still of the view shown.
    expect(screen.getByRole('link', { name: 'Download CSV' })).toHaveAttribute('href', '/api/v1/costs/export?format=csv&from=2026-11-01&to=2026-11-24');

    await user.click(screen.getByRole('button', { name: 'Apply filters' }));

    await waitFor(() =>
      expect(screen.getByRole('link', { name: 'Download CSV' })).toHaveAttribute(
        'href',
        '/api/v1/costs/export?format=csv&from=2026-11-01&to=2026-11-24&project=chat+bot',
      ),
    );
    expect(screen.getByText(/^Only what the filters select: Project chat bot;/)).toBeInTheDocument();
  });

  it('does not query an impossible custom period and says why', async () => {
    const fetchMock = mockFetch({ 'GET /api/v1/costs': () => json(teams) });
    renderPage('/costs?period=custom&from=2026-11-10&to=2026-11-05');
    expect(await screen.findByRole('alert')).toHaveTextContent('The last day must not be before the first day.');
    expect(costQueries(fetchMock)).toEqual([]);
  });

  it('says so when nothing matches the filters', async () => {
    mockFetch({ 'GET /api/v1/costs': () => json(report([])) });
    renderPage('/costs?team=nobody');
    expect(await screen.findByText('No costs in this period')).toBeInTheDocument();
    expect(screen.getByText(/Nothing matches the filters/)).toBeInTheDocument();
  });

  it('shows the problem detail and each invalid parameter in words', async () => {
    mockFetch({
      'GET /api/v1/costs': () =>
        problem(400, { title: 'Bad Request', detail: 'Invalid parameters', errors: [{ parameter: 'gpuModel', detail: 'is not a known GPU model' }] }),
    });
    renderPage('/costs?gpuModel=Z9');
    expect(await screen.findByText('Could not load costs')).toBeInTheDocument();
    expect(screen.getByText('Invalid parameters')).toBeInTheDocument();
    expect(screen.getByText('Gpu model: is not a known GPU model')).toBeInTheDocument();
  });

  it('charts the chosen metric per day with the numbers available as a table', async () => {
    mockFetch({ 'GET /api/v1/costs': () => json(teams) });
    const user = userEvent.setup();
    renderPage('/costs?groupBy=team&period=7d');
    await screen.findByRole('figure', { name: 'Billed cost per day by team' });
    await user.selectOptions(screen.getByLabelText('Show'), 'idleCost');
    const chart = screen.getByRole('figure', { name: 'Idle cost per day by team' });
    const day = within(chart).getByRole('rowheader', { name: /Nov 21, 2026/ }).closest('tr')!;
    // Series are ranked by the metric shown: vision has the most idle cost.
    expect(within(chart).getAllByRole('columnheader').map((c) => c.textContent)).toEqual(['Day (UTC)', 'vision', 'search', 'No team label']);
    expect(within(day).getAllByRole('cell').map((c) => c.textContent)).toEqual(['$210.00', '$0.00', '$0.00']);
    expect(within(chart).getAllByRole('row')).toHaveLength(8); // header + 7 days
  });
});
