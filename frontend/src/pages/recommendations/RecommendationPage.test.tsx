import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { RecommendationPage } from './RecommendationPage';
import { createQueryClient } from '../../queryClient';
import { formatDateTime } from '../../lib/format';
import { recommendation, recommendationDetail, recommendationEvent } from '../../test/recommendationFixtures';
import { json, makeMe, mockFetch, problem, renderWithProviders, sentRequests, tenantA } from '../../test/utils';
import type { Recommendation, RecommendationEvent, Role } from '../../api/types';

const ID = '3f0c4a4e-1d7b-4c55-9a57-0d3c2f1b9e01';
const PATH = `/api/v1/recommendations/${ID}`;

/** A stateful backend for one recommendation: actions change its status and append to its history. */
function backend(initial: Recommendation, options: { action?: (request: Request) => Response | undefined | Promise<Response | undefined> } = {}) {
  let current = initial;
  const history: RecommendationEvent[] = [recommendationEvent()];
  const act = (status: Recommendation['status']) => async (request: Request) => {
    const answer = await options.action?.(request);
    if (answer) return answer;
    const body = (await request.json()) as { reason: string | null };
    current = { ...current, status };
    history.push(recommendationEvent({ at: '2026-11-23T12:15:00Z', status, reason: body.reason, actor: 'ada@example.com' }));
    return json(current);
  };
  return {
    set: (next: Partial<Recommendation>) => {
      current = { ...current, ...next };
    },
    routes: {
      [`GET ${PATH}`]: () => json(recommendationDetail(current, [...history])),
      [`POST ${PATH}/accept`]: act('ACCEPTED'),
      [`POST ${PATH}/dismiss`]: act('DISMISSED'),
      [`POST ${PATH}/apply`]: act('APPLIED'),
    },
  };
}

function renderPage(role: Role = 'MEMBER', id = ID) {
  const queryClient = createQueryClient();
  queryClient.setQueryData(['me'], makeMe({ currentTenant: { ...tenantA, role } }));
  return renderWithProviders(<RecommendationPage />, { route: `/recommendations/${id}`, path: '/recommendations/:id', queryClient });
}

const status = () => screen.getByRole('status', { name: 'Status' });

describe('RecommendationPage', () => {
  it('shows the change, its cost and savings per month, and the current and proposed configuration side by side', async () => {
    mockFetch(backend(recommendation(ID)).routes);
    renderPage();
    expect(await screen.findByRole('heading', { level: 1, name: 'Raise the batch size from 32 to 128' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'llm-train' })).toHaveAttribute('href', '/workloads/llm-train');
    expect(status()).toHaveTextContent('Open');

    expect(screen.getByRole('group', { name: 'Current cost per month' })).toHaveTextContent('$1,000.00');
    expect(screen.getByRole('group', { name: 'Predicted cost per month' })).toHaveTextContent('$617.28');
    expect(screen.getByRole('group', { name: 'Savings per month' })).toHaveTextContent('$382.7238.3% of the current cost');
    expect(screen.getByRole('group', { name: 'Predicted speedup' })).toHaveTextContent('×1.62');

    const configuration = screen.getByRole('table', { name: /Current and proposed configuration/ });
    const batch = within(configuration).getByRole('rowheader', { name: 'Batch size' }).closest('tr')!;
    expect(within(batch).getAllByRole('cell').map((c) => c.textContent)).toEqual(['32', '128 (changed)']);
    const gpu = within(configuration).getByRole('rowheader', { name: 'GPU model' }).closest('tr')!;
    expect(within(gpu).getAllByRole('cell').map((c) => c.textContent)).toEqual(['A100', 'A100']);
    expect(within(configuration).getByRole('rowheader', { name: 'Purchase option' }).closest('tr')).toHaveTextContent('On demand');
  });

  it('gives the numbers behind the confidence, the rationale, the assumptions and the risks', async () => {
    mockFetch(backend(recommendation(ID)).routes);
    renderPage();
    const confidence = await screen.findByRole('region', { name: 'Confidence' });
    expect(confidence).toHaveTextContent('High confidence');
    expect(within(confidence).getByText('1,320 samples')).toBeInTheDocument();
    expect(within(confidence).getByText('14 days of telemetry')).toBeInTheDocument();
    expect(within(confidence).getByText('3% relative RMS error')).toBeInTheDocument();
    expect(within(confidence).getByText('Measured: the workload has run this way')).toBeInTheDocument();

    const why = screen.getByRole('region', { name: 'Why' });
    expect(within(why).getByText(/the step time fits t\(b\) = 0.120 s \+ 0.0021 s·b/)).toBeInTheDocument();
    expect(within(why).getByText('The current cost of $1,000.00 per month continues.')).toBeInTheDocument();
    expect(within(why).getByText(/the fit is extrapolated/)).toBeInTheDocument();
  });

  it('charts throughput against batch size, measured points and the fitted curve, with the numbers as a table', async () => {
    mockFetch(backend(recommendation(ID)).routes);
    renderPage();
    const evidence = await screen.findByRole('region', { name: 'Evidence' });
    const chart = within(evidence).getByRole('figure', { name: 'Throughput by batch size (work units per second per node)' });
    const table = within(chart).getByRole('table', { name: /measured and fitted throughput per batch size/ });
    const rows = within(table)
      .getAllByRole('row')
      .slice(1)
      .map((row) => Array.from(row.children).map((cell) => cell.textContent));
    expect(rows).toEqual([
      ['8', '—', '60.4 /s'],
      ['16', '105.3 /s', '—'],
      ['32', '168.1 /s', '—'],
      ['64', '241.7 /s', '240.9 /s'],
      ['128', '—', '327.5 /s'],
      ['256', '—', '400.2 /s'],
    ]);

    // The other figures with their units, and every measured point.
    const fit = within(evidence).getByRole('rowheader', { name: 'Fit of the step time t(b) = α + β·b' }).closest('tr')!;
    expect(fit).toHaveTextContent('α 0.12 s · β 0.0021 s per item · relative error 3%');
    expect(within(evidence).getByRole('rowheader', { name: 'Usable GPU memory (90 %)' }).closest('tr')).toHaveTextContent('72 GiB');
    const points = within(evidence).getByRole('table', { name: 'Measured operating points' });
    expect(within(points).getAllByRole('row')).toHaveLength(4);
    expect(within(points).getAllByRole('row')[2]).toHaveTextContent('32BF16168.1 units/s28.1 GiB—55%960');
  });

  it('shows evidence without measured batch sizes as a table of figures, with units', async () => {
    const precision = recommendation(ID, {
      type: 'PRECISION',
      title: 'Train in BF16 instead of FP32',
      current: { ...recommendation(ID).current, precision: 'FP32' },
      proposed: { ...recommendation(ID).current, precision: 'BF16' },
      evidence: {
        from: 'FP32',
        to: 'BF16',
        gpuModel: 'A100',
        peakTflops: { FP32: 19.5, BF16: 312 },
        computeShare: 0.7,
        peakRatioCapped: 2.5,
        measured: false,
        memoryBytesRatio: 0.5,
      },
      confidence: { level: 'LOW', sampleCount: 80, lookbackDays: 7, fitError: null, measured: false },
    });
    mockFetch(backend(precision).routes);
    renderPage();
    const evidence = await screen.findByRole('region', { name: 'Evidence' });
    expect(within(evidence).queryByRole('figure')).not.toBeInTheDocument();
    const figures = within(evidence).getByRole('table', { name: 'Evidence figures' });
    const cells = within(figures)
      .getAllByRole('row')
      .map((row) => [within(row).getByRole('rowheader').textContent, within(row).getByRole('cell').textContent]);
    expect(cells).toEqual([
      ['Current precision', 'FP32'],
      ['Proposed precision', 'BF16'],
      ['GPU model', 'A100'],
      ['Peak TFLOPS', 'FP32: 19.5 TFLOPS · BF16: 312 TFLOPS'],
      ['Compute-bound share f', '70%'],
      ['Peak ratio k (capped by memory traffic)', '×2.5'],
      ['Effect', 'Modelled from the GPU catalog'],
      ['Bytes per value, proposed / current', '×0.5'],
    ]);
    const confidence = screen.getByRole('region', { name: 'Confidence' });
    expect(confidence).toHaveTextContent('Low confidence');
    expect(confidence).toHaveTextContent('No model fitted');
    expect(confidence).toHaveTextContent('Modelled from the GPU catalog, not yet measured on this workload');
  });

  it('accepts: the status changes at once, the API is called, and the history shows who did it', async () => {
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    const server = backend(recommendation(ID), {
      action: async () => {
        await held;
        return undefined;
      },
    });
    const fetchMock = mockFetch(server.routes);
    const user = userEvent.setup();
    renderPage();
    await user.click(await screen.findByRole('button', { name: 'Accept' }));

    // Optimistic: shown as accepted before the server has answered.
    expect(status()).toHaveTextContent('Accepted');
    expect(screen.queryByRole('button', { name: 'Accept' })).not.toBeInTheDocument();
    expect(status().parentElement).toHaveFocus();
    release();

    const history = screen.getByRole('table', { name: /Status changes/ });
    await within(history).findByText('ada@example.com');
    expect(status()).toHaveTextContent('Accepted');
    expect(screen.getByRole('button', { name: 'Dismiss' })).toBeEnabled();
    expect(screen.getByRole('button', { name: 'Mark applied' })).toBeEnabled();
    const post = (await sentRequests(fetchMock)).find((r) => r.method === 'POST')!;
    expect(post.path).toBe(`${PATH}/accept`);
    expect(post.body).toEqual({ reason: null });
    expect(post.headers.get('X-XSRF-TOKEN')).toBe('test-csrf-token');
  });

  it('dismisses with the reason given in the dialog', async () => {
    const fetchMock = mockFetch(backend(recommendation(ID)).routes);
    const user = userEvent.setup();
    renderPage();
    await user.click(await screen.findByRole('button', { name: 'Dismiss' }));
    const dialog = screen.getByRole('dialog', { name: 'Dismiss this recommendation?' });
    const reason = within(dialog).getByLabelText('Reason (optional)');
    expect(reason).toHaveFocus();
    await user.type(reason, 'The model diverges above batch 64');
    await user.click(within(dialog).getByRole('button', { name: 'Confirm' }));

    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(status()).toHaveTextContent('Dismissed');
    // The Dismiss button is gone: the focus moved to the status it changed, not to the page's start.
    await waitFor(() => expect(status().parentElement).toHaveFocus());
    const history = screen.getByRole('table', { name: /Status changes/ });
    expect(await within(history).findByText('The model diverges above batch 64')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Accept|Dismiss|Mark applied/ })).not.toBeInTheDocument();
    const post = (await sentRequests(fetchMock)).find((r) => r.method === 'POST')!;
    expect(post.path).toBe(`${PATH}/dismiss`);
    expect(post.body).toEqual({ reason: 'The model diverges above batch 64' });
  });

  it('leaves the status as it was when the dismiss dialog is cancelled', async () => {
    const fetchMock = mockFetch(backend(recommendation(ID)).routes);
    const user = userEvent.setup();
    renderPage();
    await user.click(await screen.findByRole('button', { name: 'Dismiss' }));
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(status()).toHaveTextContent('Open');
    expect(fetchMock.mock.calls.every(([r]) => (r as Request).method === 'GET')).toBe(true);
  });

  it('marks an accepted recommendation applied', async () => {
    const fetchMock = mockFetch(backend(recommendation(ID, { status: 'ACCEPTED' })).routes);
    const user = userEvent.setup();
    renderPage('ADMIN');
    await screen.findByRole('button', { name: 'Mark applied' });
    expect(screen.queryByRole('button', { name: 'Accept' })).not.toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Mark applied' }));
    await waitFor(() => expect(status()).toHaveTextContent('Applied'));
    expect((await sentRequests(fetchMock)).find((r) => r.method === 'POST')!.path).toBe(`${PATH}/apply`);
  });

  it('says in words why a change was refused (409) and shows the status the server has', async () => {
    const server = backend(recommendation(ID), {
      action: () => {
        // Someone else dismissed it meanwhile.
        server.set({ status: 'DISMISSED' });
        return problem(409, { title: 'Conflict', detail: 'A recommendation that is DISMISSED cannot become ACCEPTED.' });
      },
    });
    mockFetch(server.routes);
    const user = userEvent.setup();
    renderPage();
    await user.click(await screen.findByRole('button', { name: 'Accept' }));

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Could not accept the recommendation');
    expect(alert).toHaveTextContent('A recommendation that is DISMISSED cannot become ACCEPTED.');
    expect(screen.getByText(/Its status changed in the meantime/)).toBeInTheDocument();
    await waitFor(() => expect(status()).toHaveTextContent('Dismissed'));
    expect(screen.queryByRole('button', { name: 'Accept' })).not.toBeInTheDocument();
  });

  it('offers no actions to viewers', async () => {
    mockFetch(backend(recommendation(ID)).routes);
    renderPage('VIEWER');
    await screen.findByRole('heading', { level: 1 });
    expect(screen.queryByRole('button', { name: 'Accept' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Dismiss' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Mark applied' })).not.toBeInTheDocument();
    expect(screen.getByText(/Viewers can read recommendations/)).toBeInTheDocument();
  });

  it('lists the status history with actor, time in the user’s time zone and reason', async () => {
    const server = backend(recommendation(ID, { status: 'DISMISSED' }));
    const events = [
      recommendationEvent(),
      recommendationEvent({ at: '2026-11-23T09:30:00Z', status: 'DISMISSED', reason: 'Needs FP32 for stability', actor: 'grace@example.com' }),
    ];
    mockFetch({ ...server.routes, [`GET ${PATH}`]: () => json(recommendationDetail(recommendation(ID, { status: 'DISMISSED' }), events)) });
    renderPage();
    const history = await screen.findByRole('table', { name: /Status changes/ });
    const rows = within(history).getAllByRole('row').slice(1);
    expect(rows.map((row) => within(row).getAllByRole('cell').map((c) => c.textContent))).toEqual([
      [formatDateTime('2026-11-23T06:00:00Z'), 'Open', 'system', '—'],
      [formatDateTime('2026-11-23T09:30:00Z'), 'Dismissed', 'grace@example.com', 'Needs FP32 for stability'],
    ]);
    expect(rows[1].querySelector('time')).toHaveAttribute('datetime', '2026-11-23T09:30:00Z');
  });

  it('shows the verification: predicted against realized savings and the unit cost before and after', async () => {
    const verified = recommendation(ID, {
      status: 'VERIFIED',
      appliedAt: '2026-11-02T10:00:00Z',
      verification: {
        baselineUnitCost: 0.0125,
        realizedUnitCost: 0.0081,
        unit: 'per 1,000 tokens',
        realizedMonthlySavings: 300,
        verifiedAt: '2026-11-20T04:00:00Z',
      },
    });
    mockFetch(backend(verified).routes);
    renderPage();
    const verification = await screen.findByRole('region', { name: 'Verification' });
    expect(status()).toHaveTextContent('Verified');
    expect(within(verification).getByRole('group', { name: 'Predicted savings per month' })).toHaveTextContent('$382.72');
    expect(within(verification).getByRole('group', { name: 'Realized savings per month' })).toHaveTextContent('$300.0078.4% of the predicted savings');
    expect(within(verification).getByRole('group', { name: 'Unit cost before' })).toHaveTextContent('$0.0125 per 1,000 tokens');
    expect(within(verification).getByRole('group', { name: 'Unit cost after' })).toHaveTextContent('$0.0081 per 1,000 tokens');
    expect(screen.queryByRole('button', { name: 'Mark applied' })).not.toBeInTheDocument();
  });

  it('says when the recommendation does not exist', async () => {
    mockFetch({ 'GET /api/v1/recommendations/nope': () => problem(404, { title: 'Not Found', detail: 'Recommendation not found' }) });
    renderPage('MEMBER', 'nope');
    expect(await screen.findByText('There is no such recommendation in this organisation.')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Back to all recommendations' })).toHaveAttribute('href', '/recommendations');
  });
});
