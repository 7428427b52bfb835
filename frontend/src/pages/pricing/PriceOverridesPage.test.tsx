import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PriceOverridesPage } from './PriceOverridesPage';
import { createQueryClient } from '../../queryClient';
import { priceOverride, queryOf } from '../../test/fixtures';
import { json, makeMe, mockFetch, problem, renderWithProviders, sentRequests, tenantA } from '../../test/utils';
import type { EffectiveInstanceType, Role } from '../../api/types';

function instanceType(name: string, region: string, onDemand: number): EffectiveInstanceType {
  return {
    catalog: {
      name,
      provider: 'aws',
      region,
      vcpus: 4,
      memoryGiB: 16,
      gpuModel: 'A10G',
      gpuCount: 1,
      onDemandHourlyUsd: onDemand,
      spotHourlyUsd: 0.397,
      source: 'catalog',
      asOf: '2026-11-23',
    },
    onDemandHourlyUsd: onDemand,
    spotHourlyUsd: 0.397,
    overrideIds: [],
  };
}

const catalog = [instanceType('g5.xlarge', 'us-east-1', 1.006), instanceType('g5.xlarge', 'eu-west-1', 1.123), instanceType('g4dn.xlarge', 'us-east-1', 0.526)];
const gpuModels = [{ model: 'A100-80GB', vendor: 'NVIDIA', architecture: 'Ampere', memoryGiB: 80, memoryBandwidthGBps: 2039, peakTflops: {}, aliases: [], source: '' }];

function routes(overrides: Record<string, (request: Request) => Response | Promise<Response>> = {}) {
  return {
    'GET /api/v1/pricing/overrides': () => json([priceOverride()]),
    'GET /api/v1/pricing/instance-types': (request: Request) => {
      const { region } = queryOf(request);
      return json(region ? catalog.filter((t) => t.catalog.region === region) : catalog);
    },
    'GET /api/v1/pricing/gpu-models': () => json(gpuModels),
    ...overrides,
  };
}

function renderPage(role: Role = 'ADMIN') {
  const queryClient = createQueryClient();
  queryClient.setQueryData(['me'], makeMe({ currentTenant: { ...tenantA, role } }));
  return renderWithProviders(<PriceOverridesPage />, { route: '/settings/pricing', queryClient });
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2026-11-23T12:00:00Z'));
});

afterEach(() => {
  vi.useRealTimers();
});

describe('PriceOverridesPage', () => {
  it('lists the history of negotiated prices', async () => {
    mockFetch(routes({ 'GET /api/v1/pricing/overrides': () => json([priceOverride(), priceOverride({ id: 'o-2', kind: 'GPU_HOUR_PRICE', provider: null, gpuModel: 'A100-80GB', discountPercent: null, hourlyPriceUsd: 1.85, note: null })]) }));
    renderPage();
    const history = await screen.findByRole('table', { name: 'Every negotiated price, newest first' });
    const rows = within(history).getAllByRole('row').slice(1);
    expect(within(rows[0]).getAllByRole('cell').slice(0, 6).map((c) => c.textContent)).toEqual([
      'Provider discount',
      'AWS catalog prices',
      '12.5% off',
      'Nov 1, 2026',
      'Enterprise agreement',
      'ada@example.com',
    ]);
    expect(within(rows[1]).getAllByRole('cell').slice(0, 3).map((c) => c.textContent)).toEqual(['GPU-hour price', 'A100-80GB on premises', '$1.85 / hour']);
  });

  it('sets an instance price picked from the effective catalog of a provider and region', async () => {
    const fetchMock = mockFetch(routes({ 'PUT /api/v1/pricing/instance-prices/aws/us-east-1/g5.xlarge/SPOT': () => json(priceOverride({ kind: 'INSTANCE_PRICE', region: 'us-east-1', instanceType: 'g5.xlarge', purchaseOption: 'SPOT', hourlyPriceUsd: 0.35, discountPercent: null })) }));
    const user = userEvent.setup();
    renderPage();
    const form = (await screen.findByRole('heading', { name: 'Instance price' })).closest('section')!;
    const region = within(form).getByLabelText('Region');
    await waitFor(() => expect(region).toBeEnabled());
    expect(within(region).getAllByRole('option').map((o) => o.textContent)).toEqual(['Choose a region', 'eu-west-1', 'us-east-1']);
    await user.selectOptions(region, 'us-east-1');
    const type = within(form).getByLabelText('Instance type');
    await waitFor(() => expect(within(type).getAllByRole('option')).toHaveLength(3));
    await user.selectOptions(type, 'g5.xlarge');
    await user.selectOptions(within(form).getByLabelText('Purchase option'), 'SPOT');
    expect(within(form).getByText('You pay $0.397/h today.')).toBeInTheDocument();
    await user.type(within(form).getByLabelText('Hourly price (USD)'), '0.35');
    await user.type(within(form).getByLabelText('Note'), 'Savings plan');
    await user.click(within(form).getByRole('button', { name: 'Save instance price' }));

    expect(await within(form).findByText(/Saved: g5.xlarge in us-east-1 at \$0.35\/h \(Spot\)/)).toBeInTheDocument();
    const put = (await sentRequests(fetchMock)).find((r) => r.method === 'PUT')!;
    expect(put.path).toBe('/api/v1/pricing/instance-prices/aws/us-east-1/g5.xlarge/SPOT');
    expect(put.body).toEqual({ hourlyPriceUsd: 0.35, effectiveFrom: '2026-11-23', note: 'Savings plan' });
  });

  it('shows the problem detail and each field error next to its field', async () => {
    mockFetch(
      routes({
        'PUT /api/v1/pricing/discounts/aws': () =>
          problem(400, {
            title: 'Bad Request',
            detail: 'Invalid fields',
            errors: [
              { pointer: '/discountPercent', detail: 'must be at least 0 and less than 100' },
              { pointer: '/effectiveFrom', detail: 'must be after 2000-01-01' },
            ],
          }),
      }),
    );
    const user = userEvent.setup();
    renderPage();
    const form = (await screen.findByRole('heading', { name: 'Provider discount' })).closest('section')!;
    await user.type(within(form).getByLabelText('Discount (%)'), '150');
    await user.click(within(form).getByRole('button', { name: 'Save discount' }));

    expect(await within(form).findByText('Could not save the discount')).toBeInTheDocument();
    expect(within(form).getByText('Invalid fields')).toBeInTheDocument();
    expect(within(form).getByLabelText('Discount (%)')).toHaveAccessibleDescription(/must be at least 0 and less than 100/);
    expect(within(form).getByLabelText('From (UTC day)')).toHaveAccessibleDescription(/must be after 2000-01-01/);
    expect(within(form).getByLabelText('Discount (%)')).toHaveAttribute('aria-invalid', 'true');
  });

  it('names a path parameter the server rejected next to its select', async () => {
    mockFetch(
      routes({
        'PUT /api/v1/pricing/gpu-hour-prices/A100-80GB': () =>
          problem(400, { detail: 'Invalid fields', errors: [{ parameter: 'gpuModel', detail: 'is not a known GPU model; see GET /api/v1/pricing/gpu-models' }] }),
      }),
    );
    const user = userEvent.setup();
    renderPage();
    const form = (await screen.findByRole('heading', { name: 'GPU-hour price' })).closest('section')!;
    const model = within(form).getByLabelText('GPU model');
    await waitFor(() => expect(model).toBeEnabled());
    await user.selectOptions(model, 'A100-80GB');
    await user.type(within(form).getByLabelText('Price per GPU-hour (USD)'), '1.85');
    await user.click(within(form).getByRole('button', { name: 'Save GPU-hour price' }));
    expect(await within(form).findByText('Could not save the GPU-hour price')).toBeInTheDocument();
    expect(model).toHaveAccessibleDescription(/is not a known GPU model/);
  });

  it('sets a provider discount from a day on', async () => {
    const fetchMock = mockFetch(routes({ 'PUT /api/v1/pricing/discounts/gcp': () => json(priceOverride({ provider: 'gcp', discountPercent: 20, effectiveFrom: '2026-12-01' })) }));
    const user = userEvent.setup();
    renderPage('OWNER');
    const form = (await screen.findByRole('heading', { name: 'Provider discount' })).closest('section')!;
    await user.selectOptions(within(form).getByLabelText('Provider'), 'gcp');
    await user.type(within(form).getByLabelText('Discount (%)'), '20');
    const from = within(form).getByLabelText('From (UTC day)');
    await user.clear(from);
    await user.type(from, '2026-12-01');
    await user.click(within(form).getByRole('button', { name: 'Save discount' }));
    expect(await within(form).findByText(/Saved: 20% off Google Cloud from Dec 1, 2026/)).toBeInTheDocument();
    const put = (await sentRequests(fetchMock)).find((r) => r.method === 'PUT')!;
    expect(put.body).toEqual({ discountPercent: 20, effectiveFrom: '2026-12-01', note: null });
  });

  it('shows the history read-only to members and viewers, without loading the catalog', async () => {
    const fetchMock = mockFetch(routes());
    renderPage('MEMBER');
    expect(await screen.findByText('Enterprise agreement')).toBeInTheDocument();
    expect(screen.getByText('Only owners and admins can set negotiated prices.')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Save/ })).not.toBeInTheDocument();
    expect(fetchMock.mock.calls.map(([r]) => new URL((r as Request).url).pathname)).toEqual(['/api/v1/pricing/overrides']);
  });

  it('says when no negotiated prices are set', async () => {
    mockFetch(routes({ 'GET /api/v1/pricing/overrides': () => json([]) }));
    renderPage('VIEWER');
    expect(await screen.findByText('No negotiated prices yet')).toBeInTheDocument();
  });
});
