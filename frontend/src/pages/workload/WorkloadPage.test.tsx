import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { WorkloadPage } from './WorkloadPage';
import { createQueryClient } from '../../queryClient';
import { queryOf, usagePoint, workload, workloadCost } from '../../test/fixtures';
import { json, makeMe, mockFetch, problem, renderWithProviders, sentRequests, tenantA } from '../../test/utils';
import type { Role } from '../../api/types';

const chat = workload('llm-chat', { labels: { team: 'search' }, latencySloP95Ms: 500 });

function routes(overrides: Record<string, (request: Request) => Response | Promise<Response>> = {}) {
  return {
    'GET /api/v1/workloads/llm-chat': () => json(chat),
    'GET /api/v1/workloads/llm-chat/usage': (request: Request) =>
      json({
        workload: 'llm-chat',
        ...queryOf(request),
        stepSeconds: queryOf(request).step === '1d' ? 86400 : 3600,
        resolution: queryOf(request).step === '1d' ? 'DAY' : 'HOUR',
        points: [usagePoint('2026-11-23T10:00:00Z'), usagePoint('2026-11-23T11:00:00Z', { gpuUtil: 0.7, oomEvents: 2 })],
      }),
    'GET /api/v1/workloads/llm-chat/cost': () => json(workloadCost('llm-chat')),
    'GET /api/v1/recommendations': () => json({ items: [], nextCursor: null }),
    ...overrides,
  };
}

function renderPage(role: Role = 'MEMBER', route = '/workloads/llm-chat') {
  const queryClient = createQueryClient();
  queryClient.setQueryData(['me'], makeMe({ currentTenant: { ...tenantA, role } }));
  return renderWithProviders(<WorkloadPage />, { route, path: '/workloads/:key', queryClient });
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2026-11-23T12:30:00Z'));
});

afterEach(() => {
  vi.useRealTimers();
});

describe('WorkloadPage', () => {
  it('asks for hourly usage over the last 7 days, the cost of the same UTC days and the open recommendations', async () => {
    const fetchMock = mockFetch(routes());
    renderPage();
    await screen.findByRole('heading', { name: 'llm-chat' });
    const paths = () => fetchMock.mock.calls.map(([r]) => new URL((r as Request).url).pathname);
    await waitFor(() => expect(paths()).toEqual(expect.arrayContaining(['/api/v1/workloads/llm-chat/usage', '/api/v1/workloads/llm-chat/cost'])));
    const byPath = Object.fromEntries(fetchMock.mock.calls.map(([r]) => [new URL((r as Request).url).pathname, queryOf(r as Request)]));
    expect(byPath['/api/v1/workloads/llm-chat/usage']).toEqual({ from: '2026-11-16T13:00:00.000Z', to: '2026-11-23T13:00:00.000Z', step: '1h' });
    expect(byPath['/api/v1/workloads/llm-chat/cost']).toEqual({ from: '2026-11-17', to: '2026-11-24' });
    expect(byPath['/api/v1/recommendations']).toEqual({ workload: 'llm-chat', status: 'OPEN', limit: '50' });
  });

  it('charts utilization, memory, throughput, latency and OOMs over time', async () => {
    mockFetch(routes());
    renderPage();
    const utilization = await screen.findByRole('figure', { name: 'Utilization (%)' });
    expect(within(utilization).getByRole('columnheader', { name: 'GPU' })).toBeInTheDocument();
    expect(within(utilization).getAllByText('62%').length).toBeGreaterThan(0);
    expect(screen.getByRole('figure', { name: 'Memory used, peak (GiB)' })).toHaveTextContent('17.2 GiB');
    // The work unit comes from the cost records.
    expect(await screen.findByRole('figure', { name: 'Throughput (tokens/s)' })).toHaveTextContent('1,450 tokens/s');
    expect(screen.getByRole('figure', { name: 'Latency p95 (ms)' })).toHaveTextContent('480 ms');
    expect(screen.getByRole('figure', { name: 'Out-of-memory events' })).toHaveTextContent('2 OOMs');
  });

  it('explains the cost: the formula, each configuration and each resource as quantity × unit price = cost', async () => {
    mockFetch(routes());
    renderPage();
    const section = await screen.findByRole('region', { name: 'Cost breakdown' });
    expect(await within(section).findByText(/R = Σ C·T·u \/ B = \$0.603600/)).toBeInTheDocument();
    const line = within(section).getByRole('article', { name: /AWS · us-east-1 · g5.xlarge · On demand/ });
    expect(line).toHaveTextContent('$1.01 / hour');
    expect(line).toHaveTextContent('Priced at the catalog price of aws g5.xlarge in us-east-1.');
    const gpu = within(line).getByRole('rowheader', { name: 'GPU' }).closest('tr')!;
    expect(within(gpu).getAllByRole('cell').map((c) => c.textContent)).toEqual(['1 GPU-hour', '$0.751 / GPU-hour', '$0.751', '$0.751', '62%']);
    const memory = within(line).getByRole('rowheader', { name: 'Memory' }).closest('tr')!;
    expect(within(memory).getAllByRole('cell').at(-1)).toHaveTextContent('—');
    expect(within(section).getByRole('group', { name: 'Utilization-adjusted cost' })).toHaveTextContent('$1.68');
    expect(within(section).getByRole('group', { name: 'Cost per 1M tokens' })).toHaveTextContent('$11.56');
  });

  it('saves only the changed settings as a merge patch', async () => {
    const fetchMock = mockFetch(
      routes({
        'PATCH /api/v1/workloads/llm-chat': async (request) => json({ ...chat, ...(await request.json()) }),
      }),
    );
    const user = userEvent.setup();
    renderPage('MEMBER');
    const form = await screen.findByRole('form', { name: 'Workload settings' });
    await user.selectOptions(within(form).getByLabelText('Kind'), 'BATCH');
    await user.click(within(form).getByRole('checkbox', { name: /Interruptible/ }));
    await user.type(within(form).getByLabelText('Allowed regions'), 'us-east-1, us-west-2');
    await user.click(within(form).getByRole('button', { name: 'Add label' }));
    await user.type(within(form).getByLabelText('Label 2 name'), 'project');
    await user.type(within(form).getByLabelText('Label 2 value'), 'chatbot');
    await user.click(within(form).getByRole('button', { name: 'Save settings' }));

    expect(await screen.findByText('Settings saved.')).toBeInTheDocument();
    const patch = (await sentRequests(fetchMock)).find((r) => r.method === 'PATCH')!;
    expect(patch.headers.get('Content-Type')).toBe('application/merge-patch+json');
    expect(patch.body).toEqual({
      kind: 'BATCH',
      interruptible: true,
      allowedRegions: ['us-east-1', 'us-west-2'],
      labels: { team: 'search', project: 'chatbot' },
    });
  });

  it('clears the latency SLO with null', async () => {
    const fetchMock = mockFetch(routes({ 'PATCH /api/v1/workloads/llm-chat': () => json({ ...chat, latencySloP95Ms: null }) }));
    const user = userEvent.setup();
    renderPage('ADMIN');
    await user.clear(await screen.findByLabelText('Latency SLO, p95 (ms)'));
    await user.click(screen.getByRole('button', { name: 'Save settings' }));
    await screen.findByText('Settings saved.');
    expect((await sentRequests(fetchMock)).find((r) => r.method === 'PATCH')!.body).toEqual({ latencySloP95Ms: null });
  });

  it('shows each invalid setting next to its field', async () => {
    mockFetch(
      routes({
        'PATCH /api/v1/workloads/llm-chat': () =>
          problem(400, {
            title: 'Bad Request',
            detail: 'Invalid fields',
            errors: [
              { pointer: '/latencySloP95Ms', detail: 'must be a positive number of milliseconds' },
              { pointer: '/labels/bad name', detail: "must be a label name: letters, digits, '.', '_', '-', '/', at most 63" },
            ],
          }),
      }),
    );
    const user = userEvent.setup();
    renderPage();
    const slo = await screen.findByLabelText('Latency SLO, p95 (ms)');
    await user.clear(slo);
    await user.type(slo, '0');
    await user.click(screen.getByRole('button', { name: 'Save settings' }));
    expect(await screen.findByText('Could not save the settings')).toBeInTheDocument();
    expect(slo).toHaveAttribute('aria-invalid', 'true');
    expect(slo).toHaveAccessibleDescription(/must be a positive number of milliseconds/);
    expect(screen.getByRole('group', { name: 'Labels' })).toHaveAccessibleDescription(/must be a label name/);
  });

  it('shows the settings read-only to viewers', async () => {
    mockFetch(routes());
    renderPage('VIEWER');
    const form = await screen.findByRole('form', { name: 'Workload settings' });
    expect(within(form).getByText(/Viewers can see these settings/)).toBeInTheDocument();
    expect(within(form).getByLabelText('Kind')).toBeDisabled();
    expect(within(form).getByLabelText('Label 1 name')).toBeDisabled();
    expect(within(form).queryByRole('button', { name: 'Save settings' })).not.toBeInTheDocument();
    expect(within(form).queryByRole('button', { name: 'Add label' })).not.toBeInTheDocument();
  });

  it('switches to daily points for 90 days through the URL', async () => {
    const fetchMock = mockFetch(routes());
    const user = userEvent.setup();
    renderPage();
    await user.selectOptions(await screen.findByLabelText('Period'), '90d');
    expect(screen.getByTestId('location')).toHaveTextContent('/workloads/llm-chat?range=90d');
    await waitFor(() =>
      expect(fetchMock.mock.calls.map(([r]) => queryOf(r as Request))).toContainEqual({
        from: '2026-08-26T00:00:00Z',
        to: '2026-11-24T00:00:00Z',
        step: '1d',
      }),
    );
  });

  it('says when the workload does not exist', async () => {
    mockFetch(routes({ 'GET /api/v1/workloads/nope': () => problem(404, { title: 'Not Found', detail: 'Workload not found' }) }));
    renderPage('MEMBER', '/workloads/nope');
    expect(await screen.findByText('There is no workload “nope” in this organisation.')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Back to all workloads' })).toHaveAttribute('href', '/workloads');
  });
});
