import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { WorkloadsPage } from './WorkloadsPage';
import { createQueryClient } from '../queryClient';
import { figures, group, queryOf, report, workload } from '../test/fixtures';
import { json, makeMe, mockFetch, problem, renderWithProviders } from '../test/utils';

const chat = workload('llm-chat', { labels: { team: 'search', model: 'llama-3.1-8b' } });
const train = workload('resnet-train', { kind: 'TRAINING', labels: {}, lastSampleAt: null });
const costs = report([group('llm-chat', figures(42.5, 0.62))]);

function renderPage(route = '/workloads') {
  const queryClient = createQueryClient();
  queryClient.setQueryData(['me'], makeMe());
  return renderWithProviders(<WorkloadsPage />, { route, path: '/workloads', queryClient });
}

function workloadQueries(fetchMock: ReturnType<typeof mockFetch>) {
  return fetchMock.mock.calls.map(([r]) => r as Request).filter((r) => new URL(r.url).pathname === '/api/v1/workloads').map(queryOf);
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2026-11-23T12:00:00Z'));
});

afterEach(() => {
  vi.useRealTimers();
});

describe('WorkloadsPage', () => {
  it("lists workloads with kind, labels and last sample, joined with one call for the last 30 days' costs", async () => {
    const fetchMock = mockFetch({
      'GET /api/v1/workloads': () => json({ items: [chat, train], nextCursor: null }),
      'GET /api/v1/costs': () => json(costs),
    });
    renderPage();
    const chatRow = (await screen.findByRole('link', { name: 'llm-chat' })).closest('tr')!;
    expect(within(chatRow).getByText('Inference')).toBeInTheDocument();
    expect(within(chatRow).getByText('team=search')).toBeInTheDocument();
    expect(within(chatRow).getByText('model=llama-3.1-8b')).toBeInTheDocument();
    expect(await within(chatRow).findByText('$42.50')).toBeInTheDocument();
    expect(within(chatRow).getByText('62%')).toBeInTheDocument();

    const trainRow = screen.getByRole('link', { name: 'resnet-train' }).closest('tr')!;
    expect(within(trainRow).getByText('Training')).toBeInTheDocument();
    expect(within(trainRow).getByText('Never')).toBeInTheDocument();
    expect(within(trainRow).getByText('$0.00')).toBeInTheDocument();

    const costCalls = fetchMock.mock.calls.map(([r]) => r as Request).filter((r) => r.url.includes('/api/v1/costs'));
    expect(costCalls.map(queryOf)).toEqual([{ from: '2026-10-25', to: '2026-11-24', groupBy: 'workload' }]);
    expect(screen.getByRole('link', { name: 'llm-chat' })).toHaveAttribute('href', '/workloads/llm-chat');
  });

  it("shows each workload's open savings per month, and a dash where there are none", async () => {
    mockFetch({
      'GET /api/v1/workloads': () => json({ items: [chat, train], nextCursor: null }),
      'GET /api/v1/costs': () => json(costs),
      'GET /api/v1/recommendations/savings': () =>
        json({
          monthlySavings: 120.5,
          currentMonthlyCost: 900,
          workloads: [{ workload: 'llm-chat', currentMonthlyCost: 900, monthlySavings: 120.5, recommendationIds: [] }],
        }),
    });
    renderPage();
    const chatRow = (await screen.findByRole('link', { name: 'llm-chat' })).closest('tr')!;
    expect(await within(chatRow).findByText('$120.50')).toBeInTheDocument();
    const trainRow = screen.getByRole('link', { name: 'resnet-train' }).closest('tr')!;
    expect(within(trainRow).getAllByText('—').length).toBeGreaterThan(0);
    expect(screen.getByRole('columnheader', { name: 'Open savings / month' })).toBeInTheDocument();
  });

  it('searches by key, kind and label through the URL', async () => {
    const fetchMock = mockFetch({
      'GET /api/v1/workloads': () => json({ items: [chat], nextCursor: null }),
      'GET /api/v1/costs': () => json(costs),
    });
    const user = userEvent.setup();
    renderPage();
    await screen.findByRole('link', { name: 'llm-chat' });

    await user.type(screen.getByLabelText('Search by key'), 'chat');
    await user.type(screen.getByLabelText('Label'), 'team:search');
    await user.click(screen.getByRole('button', { name: 'Search' }));
    await user.selectOptions(screen.getByLabelText('Kind'), 'INFERENCE');

    expect(screen.getByTestId('location')).toHaveTextContent('/workloads?q=chat&label=team%3Asearch&kind=INFERENCE');
    await waitFor(() => expect(workloadQueries(fetchMock).at(-1)).toEqual({ q: 'chat', kind: 'INFERENCE', label: 'team:search', limit: '50' }));
    expect(await screen.findByRole('heading', { name: 'Matching workloads' })).toBeInTheDocument();
  });

  it('loads the next page with the cursor', async () => {
    const fetchMock = mockFetch({
      'GET /api/v1/workloads': (request) =>
        queryOf(request).cursor === 'c2' ? json({ items: [train], nextCursor: null }) : json({ items: [chat], nextCursor: 'c2' }),
      'GET /api/v1/costs': () => json(costs),
    });
    const user = userEvent.setup();
    renderPage();
    await user.click(await screen.findByRole('button', { name: 'Load more' }));
    expect(await screen.findByRole('link', { name: 'resnet-train' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Load more' })).not.toBeInTheDocument();
    expect(workloadQueries(fetchMock).map((q) => q.cursor)).toEqual([undefined, 'c2']);
  });

  it('explains how workloads appear when there are none', async () => {
    mockFetch({
      'GET /api/v1/workloads': () => json({ items: [], nextCursor: null }),
      'GET /api/v1/costs': () => json(report([])),
    });
    renderPage();
    expect(await screen.findByText('No workloads yet')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'See how to connect one.' })).toHaveAttribute('href', '/connect');
  });

  it('still lists the workloads when their costs cannot be loaded', async () => {
    mockFetch({
      'GET /api/v1/workloads': () => json({ items: [chat], nextCursor: null }),
      'GET /api/v1/costs': () => problem(503, { title: 'Service Unavailable', detail: 'Costs are being recomputed.' }),
      'GET /api/v1/recommendations/savings': () => json({ monthlySavings: 0, currentMonthlyCost: 0, workloads: [] }),
    });
    renderPage();
    expect(await screen.findByText('Could not load the costs of the last 30 days')).toBeInTheDocument();
    expect(screen.getByText('Costs are being recomputed.')).toBeInTheDocument();
    const row = screen.getByRole('link', { name: 'llm-chat' }).closest('tr')!;
    expect(within(row).getByText('Unavailable')).toBeInTheDocument();
  });

  it('names a bad label filter in words', async () => {
    mockFetch({
      'GET /api/v1/workloads': () => problem(400, { detail: 'Invalid parameters', errors: [{ parameter: 'label', detail: 'must be name:value' }] }),
      'GET /api/v1/costs': () => json(costs),
    });
    renderPage('/workloads?label=oops');
    expect(await screen.findByText('Could not load workloads')).toBeInTheDocument();
    expect(screen.getByText('Label: must be name:value')).toBeInTheDocument();
  });
});
