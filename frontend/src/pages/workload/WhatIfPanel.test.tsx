import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { WhatIfPanel } from './WhatIfPanel';
import { queryOf } from '../../test/fixtures';
import { json, mockFetch, problem, renderWithProviders, sentRequests } from '../../test/utils';
import type { EffectiveInstanceType, WhatIfPrediction, WorkloadConfiguration } from '../../api/types';

const current: WorkloadConfiguration = {
  provider: 'aws',
  region: 'us-east-1',
  instanceType: 'p4d.24xlarge',
  purchaseOption: 'ON_DEMAND',
  gpuModel: 'A100-40GB',
  gpuCount: 8,
  precision: 'FP32',
  batchSize: 64,
  nodes: 1,
};

function prediction(overrides: Partial<WhatIfPrediction> = {}): WhatIfPrediction {
  return {
    current,
    proposed: current,
    speedup: 1,
    currentThroughputPerNode: 1200,
    predictedThroughputPerNode: 1200,
    workUnit: 'samples',
    currentMonthlyCost: 23_592,
    predictedMonthlyCost: 23_592,
    currentCostPerThousandUnits: 0.00758,
    predictedCostPerThousandUnits: 0.00758,
    predictedCostPerMillionUnits: 7.58,
    confidence: 'LOW',
    explanation: ['Monthly cost: $23592.00 at the last 30 days\' rate × price ratio 1.000 / speedup 1.000 = $23592.00.'],
    risks: [],
    ...overrides,
  };
}

function instanceType(name: string, region: string, gpuModel: string | null, gpuCount: number, onDemand: number): EffectiveInstanceType {
  return {
    catalog: { name, provider: 'aws', region, vcpus: 96, memoryGiB: 1152, gpuModel, gpuCount, onDemandHourlyUsd: onDemand, spotHourlyUsd: onDemand / 3, source: 'catalog', asOf: '2026-11-23' },
    onDemandHourlyUsd: onDemand,
    spotHourlyUsd: onDemand / 3,
    overrideIds: [],
  };
}

const catalog = [
  instanceType('p4d.24xlarge', 'us-east-1', 'A100-40GB', 8, 32.77),
  instanceType('p5.48xlarge', 'us-east-1', 'H100', 8, 98.32),
  instanceType('g5.xlarge', 'us-east-1', 'A10G', 1, 1.006),
  instanceType('p4d.24xlarge', 'eu-west-1', 'A100-40GB', 8, 35.1),
];

const gpuModels = [
  { model: 'A100-40GB', vendor: 'NVIDIA', architecture: 'Ampere', memoryGiB: 40, memoryBandwidthGBps: 1555, peakTflops: {}, aliases: [], source: '' },
  { model: 'H100', vendor: 'NVIDIA', architecture: 'Hopper', memoryGiB: 80, memoryBandwidthGBps: 3350, peakTflops: {}, aliases: [], source: '' },
  { model: 'A10G', vendor: 'NVIDIA', architecture: 'Ampere', memoryGiB: 24, memoryBandwidthGBps: 600, peakTflops: {}, aliases: [], source: '' },
];

type Handler = (request: Request) => Response | Promise<Response>;

function routes(whatIf: Handler) {
  return {
    'POST /api/v1/workloads/train-llm/what-if': whatIf,
    'GET /api/v1/pricing/gpu-models': () => json(gpuModels),
    'GET /api/v1/pricing/instance-types': (request: Request) => {
      const { provider, region } = queryOf(request);
      return json(catalog.filter((t) => t.catalog.provider === provider && (!region || t.catalog.region === region)));
    },
  };
}

/** Answers the empty what-if with the current figures, and any proposal with `answer`. */
function whatIf(answer: (proposal: Record<string, unknown>) => Response): Handler {
  return async (request) => {
    const proposal = (await request.json()) as Record<string, unknown>;
    return Object.keys(proposal).length === 0 ? json(prediction()) : answer(proposal);
  };
}

/** Filling a form key by key takes seconds on a busy machine. */
const FORM_TEST_TIMEOUT = 20_000;

function renderPanel() {
  return renderWithProviders(<WhatIfPanel workloadKey="train-llm" />, { route: '/workloads/train-llm' });
}

describe('WhatIfPanel', () => {
  it('starts from the current configuration, read from a what-if that proposes nothing', async () => {
    const fetchMock = mockFetch(routes(whatIf(() => json(prediction()))));
    renderPanel();
    const panel = screen.getByRole('region', { name: 'What-if' });
    const form = await within(panel).findByRole('form', { name: 'Proposed configuration' });

    expect(within(panel).getByText(/AWS · us-east-1 · p4d.24xlarge · On demand · 8 × A100-40GB · FP32 · batch 64/)).toHaveTextContent(
      '$23,592 per month, 1,200 samples/s per node',
    );
    expect(within(form).getByLabelText('Provider')).toHaveValue('aws');
    await waitFor(() => expect(within(form).getByLabelText('Instance type')).toHaveDisplayValue(/^p4d.24xlarge — 8 × A100-40GB/));
    expect(within(form).getByLabelText('Region')).toHaveValue('us-east-1');
    expect(within(form).getByLabelText('Purchase option')).toHaveValue('ON_DEMAND');
    await waitFor(() => expect(within(form).getByLabelText('GPU model')).toHaveDisplayValue('A100-40GB — Ampere, 40 GiB'));
    expect(within(form).getByLabelText('GPUs per node')).toHaveValue(8);
    expect(within(form).getByLabelText('Precision')).toHaveValue('FP32');
    expect(within(form).getByLabelText('Batch size')).toHaveValue(64);
    expect(within(form).getByLabelText('Nodes')).toHaveValue(1);
    expect(within(form).getByRole('button', { name: 'Predict' })).toBeEnabled();

    const first = (await sentRequests(fetchMock)).find((r) => r.method === 'POST')!;
    expect(first).toMatchObject({ path: '/api/v1/workloads/train-llm/what-if', body: {} });
    expect(first.headers.get('X-XSRF-TOKEN')).toBe('test-csrf-token');
  });

  it('predicts a proposed precision and batch size and shows throughput, unit cost and monthly cost against now', async () => {
    const fetchMock = mockFetch(
      routes(
        whatIf((proposal) =>
          json(
            prediction({
              proposed: { ...current, ...(proposal as Partial<WorkloadConfiguration>) },
              speedup: 2.5,
              predictedThroughputPerNode: 3000,
              predictedMonthlyCost: 9436.8,
              predictedCostPerThousandUnits: 0.003032,
              predictedCostPerMillionUnits: 3.032,
              confidence: 'MEDIUM',
              explanation: [
                'Batch 64 → 128: ×1.150 throughput (fitted to 3 measured batch sizes).',
                'FP32 → BF16: peak ratio k = 2.00 (capped by memory traffic), compute share f = 0.80, Amdahl ×2.174.',
              ],
              risks: ['Batch 128 is beyond the largest measured one (64): throughput and memory are extrapolated.'],
            }),
          ),
        ),
      ),
    );
    const user = userEvent.setup();
    renderPanel();
    const panel = screen.getByRole('region', { name: 'What-if' });
    const form = await within(panel).findByRole('form', { name: 'Proposed configuration' });
    await user.selectOptions(within(form).getByLabelText('Precision'), 'BF16');
    const batch = within(form).getByLabelText('Batch size');
    await user.clear(batch);
    await user.type(batch, '128');
    await user.click(within(form).getByRole('button', { name: 'Predict' }));

    expect(await within(panel).findByRole('status')).toHaveTextContent('Saves $14,155 per month (-60%).');
    expect(within(panel).getByText('For AWS · us-east-1 · p4d.24xlarge · On demand · 8 × A100-40GB · BF16 · batch 128.')).toBeInTheDocument();
    expect(within(panel).getByRole('group', { name: 'Monthly cost' })).toHaveTextContent('$9,436.80Now $23,592');
    expect(within(panel).getByRole('group', { name: 'Monthly savings' })).toHaveTextContent('$14,155-60% against now');
    expect(within(panel).getByRole('group', { name: 'Throughput per node' })).toHaveTextContent('3,000 samples/sNow 1,200 samples/s · ×2.5 per GPU');
    expect(within(panel).getByRole('group', { name: 'Cost per 1M samples' })).toHaveTextContent('$3.03Now $7.58 · $0.00303 per 1k');
    expect(within(panel).getByRole('group', { name: 'Confidence' })).toHaveTextContent('Medium');
    const explanation = within(panel).getByRole('list', { name: 'How it was predicted' });
    expect(within(explanation).getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      'Batch 64 → 128: ×1.150 throughput (fitted to 3 measured batch sizes).',
      'FP32 → BF16: peak ratio k = 2.00 (capped by memory traffic), compute share f = 0.80, Amdahl ×2.174.',
    ]);
    expect(within(panel).getByRole('note', { name: 'Risks' })).toHaveTextContent(
      'Batch 128 is beyond the largest measured one (64): throughput and memory are extrapolated.',
    );

    const posts = (await sentRequests(fetchMock)).filter((r) => r.method === 'POST');
    expect(posts.at(-1)!.body).toEqual({
      provider: 'aws',
      region: 'us-east-1',
      instanceType: 'p4d.24xlarge',
      purchaseOption: 'ON_DEMAND',
      gpuModel: 'A100-40GB',
      gpuCount: 8,
      precision: 'BF16',
      batchSize: 128,
      nodes: 1,
    });

    // A change after the prediction says the figures are for the previous proposal.
    await user.selectOptions(within(form).getByLabelText('Purchase option'), 'SPOT');
    expect(within(panel).getByText(/You changed the configuration since this prediction/)).toBeInTheDocument();
  }, FORM_TEST_TIMEOUT);

  it('proposes the GPUs of a chosen instance type and says when the new configuration costs more', async () => {
    const fetchMock = mockFetch(
      routes(
        whatIf((proposal) =>
          json(
            prediction({
              proposed: { ...current, ...(proposal as Partial<WorkloadConfiguration>) },
              speedup: 1.9,
              predictedThroughputPerNode: 2280,
              predictedMonthlyCost: 37_252.21,
              predictedCostPerThousandUnits: null,
              predictedCostPerMillionUnits: null,
              currentCostPerThousandUnits: null,
            }),
          ),
        ),
      ),
    );
    const user = userEvent.setup();
    renderPanel();
    const form = await screen.findByRole('form', { name: 'Proposed configuration' });
    const type = within(form).getByLabelText('Instance type');
    await waitFor(() => expect(within(type).getAllByRole('option')).toHaveLength(3));
    await user.selectOptions(type, 'p5.48xlarge');
    expect(within(form).getByLabelText('GPU model')).toHaveValue('H100');
    expect(within(form).getByLabelText('GPUs per node')).toHaveValue(8);
    expect(within(within(form).getByLabelText('Region')).getAllByRole('option').map((o) => o.textContent)).toEqual(['eu-west-1', 'us-east-1']);
    await user.click(within(form).getByRole('button', { name: 'Predict' }));

    expect(await screen.findByRole('status')).toHaveTextContent('Costs $13,660 more per month (+57.9%).');
    expect(screen.getByRole('group', { name: 'Monthly extra cost' })).toHaveTextContent('$13,660+57.9% against now');
    expect(screen.queryByRole('group', { name: /Cost per 1M/ })).not.toBeInTheDocument();
    expect(screen.queryByRole('note', { name: 'Risks' })).not.toBeInTheDocument();
    const body = (await sentRequests(fetchMock)).filter((r) => r.method === 'POST').at(-1)!.body;
    expect(body).toMatchObject({ instanceType: 'p5.48xlarge', gpuModel: 'H100', gpuCount: 8 });
  }, FORM_TEST_TIMEOUT);

  it('shows each rejected field next to its field', async () => {
    mockFetch(
      routes(
        whatIf(() =>
          problem(400, {
            title: 'Bad Request',
            detail: 'Invalid fields',
            errors: [
              { pointer: '/batchSize', detail: 'must be at least 1' },
              { pointer: '/instanceType', detail: 'is not in the catalog for this provider and region' },
            ],
          }),
        ),
      ),
    );
    const user = userEvent.setup();
    renderPanel();
    const form = await screen.findByRole('form', { name: 'Proposed configuration' });
    const batch = within(form).getByLabelText('Batch size');
    await user.clear(batch);
    await user.type(batch, '0');
    await user.click(within(form).getByRole('button', { name: 'Predict' }));

    expect(await within(form).findByText('Could not predict this configuration')).toBeInTheDocument();
    expect(within(form).getByText('Invalid fields')).toBeInTheDocument();
    expect(batch).toHaveAttribute('aria-invalid', 'true');
    expect(batch).toHaveAccessibleDescription(/must be at least 1/);
    expect(within(form).getByLabelText('Instance type')).toHaveAccessibleDescription(/is not in the catalog for this provider and region/);
    expect(screen.queryByRole('status')).not.toBeInTheDocument();
  }, FORM_TEST_TIMEOUT);

  it('asks for a region after a move to another provider instead of keeping the old one', async () => {
    const fetchMock = mockFetch(routes(whatIf(() => json(prediction()))));
    const user = userEvent.setup();
    renderPanel();
    const form = await screen.findByRole('form', { name: 'Proposed configuration' });
    await user.selectOptions(within(form).getByLabelText('Provider'), 'gcp');
    expect(within(form).getByLabelText('Region')).toHaveValue('');
    expect(within(form).getByLabelText('Instance type')).toBeDisabled();
    await user.click(within(form).getByRole('button', { name: 'Predict' }));

    expect(await within(form).findByText('Could not predict this configuration')).toBeInTheDocument();
    expect(within(form).getByLabelText('Region')).toHaveAccessibleDescription('choose a region of Google Cloud');
    expect((await sentRequests(fetchMock)).filter((r) => r.method === 'POST')).toHaveLength(1);
  });

  it('says so when there is no telemetry to predict from', async () => {
    mockFetch(routes(() => problem(404, { title: 'Not Found', detail: 'Telemetry of the last 30 days for this workload not found' })));
    renderPanel();
    expect(await screen.findByText('Nothing to predict from yet')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Predict' })).not.toBeInTheDocument();
  });
});
