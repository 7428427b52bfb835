import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { ConnectPage } from './ConnectPage';
import { EXAMPLE_ORIGIN, EXAMPLES } from '../examples';
import { createQueryClient } from '../queryClient';
import { json, makeMe, mockFetch, renderWithProviders, sentRequests, tenantB } from '../test/utils';

const origin = window.location.origin;

function renderPage(me = makeMe()) {
  const queryClient = createQueryClient();
  queryClient.setQueryData(['me'], me);
  return renderWithProviders(<ConnectPage />, { route: '/connect', queryClient });
}

describe('ConnectPage', () => {
  it("shows this Costwise's sample and OTLP endpoints", () => {
    renderPage();
    expect(screen.getByLabelText('Samples (JSON, NDJSON or CSV)')).toHaveValue(`${origin}/api/v1/telemetry/samples`);
    expect(screen.getByLabelText('OTLP/HTTP metrics')).toHaveValue(`${origin}/otlp/v1/metrics`);
  });

  it('shows every example file with the real endpoint filled in', () => {
    renderPage();
    expect(EXAMPLES.map((e) => e.fileName)).toEqual(['curl-json.sh', 'curl-csv.sh', 'otel-collector.yaml', 'nvidia-smi-to-costwise.py']);
    for (const example of EXAMPLES) {
      expect(example.source).toContain(EXAMPLE_ORIGIN);
      const snippet = screen.getByRole('region', { name: example.title });
      const code = within(snippet).getByLabelText(example.title).textContent!;
      expect(code).not.toContain(EXAMPLE_ORIGIN);
      expect(code).toBe(example.source.split(EXAMPLE_ORIGIN).join(origin));
    }
    const text = (title: string) => within(screen.getByRole('region', { name: title })).getByLabelText(title).textContent;
    expect(text('curl (JSON)')).toContain(`COSTWISE_URL="\${COSTWISE_URL:-${origin}}"`);
    expect(text('curl (JSON)')).toContain('"instanceType": "g5.xlarge"');
    expect(text('curl (CSV)')).toContain('Content-Type: text/csv');
    expect(text('OpenTelemetry Collector')).toContain(`metrics_endpoint: ${origin}/otlp/v1/metrics`);
    expect(text('OpenTelemetry Collector')).toContain('Authorization: Bearer ${env:COSTWISE_API_KEY}');
    expect(text('nvidia-smi sampler (Python)')).toContain(`"COSTWISE_URL", "${origin}"`);
    expect(text('nvidia-smi sampler (Python)')).toContain('--format=csv,noheader,nounits');
  });

  it('copies a snippet with its endpoint filled in', async () => {
    const user = userEvent.setup();
    const writeText = vi.fn().mockResolvedValue(undefined);
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    renderPage();
    await user.click(screen.getByRole('button', { name: 'Copy OpenTelemetry Collector' }));
    expect(writeText).toHaveBeenCalledWith(expect.stringContaining(`${origin}/otlp/v1/metrics`));
    expect(await screen.findByText('Copied to the clipboard.')).toBeInTheDocument();
  });

  it('creates an API key with only the telemetry:write scope from the shortcut', async () => {
    const created = { id: 'k-1', name: 'Telemetry', prefix: 'cw_live_t1', scopes: ['telemetry:write'], createdAt: '2026-11-23T12:00:00Z', key: 'cw_live_t1.SECRET' };
    const fetchMock = mockFetch({ 'POST /api/v1/api-keys': () => json(created, 201) });
    const user = userEvent.setup();
    renderPage();
    await user.click(screen.getByRole('button', { name: 'Create telemetry key' }));
    expect(await screen.findByLabelText('Your new API key')).toHaveValue('cw_live_t1.SECRET');
    const post = (await sentRequests(fetchMock)).find((r) => r.method === 'POST');
    expect(post?.body).toEqual({ name: 'Telemetry', scopes: ['telemetry:write'] });
  });

  it('tells members without admin rights whom to ask for a key', () => {
    renderPage(makeMe({ currentTenant: tenantB }));
    expect(screen.queryByRole('button', { name: 'Create telemetry key' })).not.toBeInTheDocument();
    expect(screen.getByText(/Only owners and admins can create API keys/)).toBeInTheDocument();
  });
});
