import { readFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import { CHART_SVG, collectConsoleErrors, screenshot, uniqueSuffix } from './support';

/**
 * The cost journey against the real backend: sign up, create a telemetry key on the Connect page, send
 * samples as a machine, wait for the costs, then look at them on the Overview, the Costs explorer (with
 * the FOCUS download), the workload list and page (usage charts, cost explanation) and Connect. Each page
 * is saved as a full-page screenshot under target/screenshots/.
 */

/**
 * One-minute samples of an inference service on an AWS g5.xlarge in us-east-1 (a catalog instance), all
 * within today (UTC) so that "this month" holds them even just after midnight.
 */
function samples(workload: string, count: number) {
  const now = Date.now();
  const dayStart = Date.parse(new Date(now).toISOString().slice(0, 10) + 'T00:00:00Z');
  const end = Math.max(now, dayStart + 9.5 * 60_000);
  return Array.from({ length: count }, (_, i) => ({
    workload,
    timestamp: new Date(end - i * 60_000).toISOString(),
    windowSeconds: 60,
    node: 'e2e-node-1',
    provider: 'aws',
    region: 'us-east-1',
    instanceType: 'g5.xlarge',
    purchaseOption: 'ON_DEMAND',
    gpuModel: 'A10G',
    gpuCount: 1,
    vcpus: 4,
    memoryGiB: 16,
    cpuUtil: 0.3 + i * 0.02,
    memoryUsedGiB: 9.5,
    gpuUtil: 0.55 + i * 0.03,
    gpuMemoryUsedGiB: 17.2,
    gpuMemoryTotalGiB: 24,
    batchSize: 16,
    precision: 'FP16',
    throughput: 1400 + i * 10,
    workUnit: 'tokens',
    latencyP95Ms: 400 + i * 5,
  }));
}

test('samples become costs on the overview, the cost explorer, the workload page and the FOCUS export', async ({ page, playwright, baseURL }) => {
  test.setTimeout(120_000);
  const consoleErrors = collectConsoleErrors(page);
  const unique = uniqueSuffix();
  const workload = `e2e-llm-chat-${unique}`;

  await test.step('sign up a fresh organisation', async () => {
    await page.goto('/signup');
    await page.getByLabel('Organisation name').fill(`E2E Costs ${unique}`);
    await page.getByLabel('Work email').fill(`e2e-costs-${unique}@example.com`);
    await page.getByLabel('Password').fill(`Correct-Horse-${unique}!`);
    await page.getByRole('button', { name: 'Create organisation' }).click();
    await expect(page.getByRole('heading', { name: 'Overview' })).toBeVisible();
    await expect(page.getByText('No costs yet this month')).toBeVisible();
  });

  let apiKey = '';
  await test.step('create a telemetry key on the Connect page', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Connect' }).click();
    await expect(page.getByRole('heading', { name: 'Connect' })).toBeVisible();
    await page.getByRole('button', { name: 'Create telemetry key' }).click();
    const keyField = page.getByLabel('Your new API key');
    await expect(keyField).toBeVisible();
    apiKey = await keyField.inputValue();
    expect(apiKey.length).toBeGreaterThan(16);
    await page.getByRole('button', { name: 'I have saved the key' }).click();
  });

  await test.step('send a batch of samples with the key, as a machine', async () => {
    const machine = await playwright.request.newContext({ baseURL, storageState: { cookies: [], origins: [] } });
    try {
      const response = await machine.post('/api/v1/telemetry/samples', {
        headers: { Authorization: `Bearer ${apiKey}`, 'Idempotency-Key': `e2e-${unique}` },
        data: samples(workload, 9),
      });
      expect(response.status(), await response.text()).toBe(202);
      expect(await response.json()).toMatchObject({ accepted: 9, stored: 9, workloadsCreated: 1 });
    } finally {
      await machine.dispose();
    }
  });

  await test.step('wait until the samples are costed', async () => {
    // The server recomputes costs every couple of seconds.
    await expect
      .poll(
        async () => {
          const response = await page.request.get('/api/v1/costs?groupBy=workload');
          const report = await response.json();
          return Number(report.groups?.find((g: { key: string }) => g.key === workload)?.totals.billedCost ?? 0);
        },
        { timeout: 60_000, intervals: [1000, 2000] },
      )
      .toBeGreaterThan(0);
  });

  await test.step('the Overview shows a non-zero cost and the top workload', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Overview' }).click();
    const billed = page.getByRole('group', { name: 'Billed cost' });
    await expect(billed).toBeVisible();
    await expect(billed).not.toContainText('$0.00');
    await expect(billed).toContainText('$');
    await expect(page.getByRole('group', { name: 'Utilization-adjusted cost' })).toContainText('Σ C·T / R');
    await expect(page.getByRole('figure', { name: /Billed cost per day by team/ }).locator(CHART_SVG)).toBeVisible();
    await expect(page.getByRole('region', { name: 'Top workloads by cost' }).getByRole('link', { name: workload })).toBeVisible();
    await screenshot(page, 'overview');
  });

  await test.step('the Costs explorer lists the workload and downloads the FOCUS export', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Costs' }).click();
    await expect(page.getByRole('heading', { name: 'Costs', exact: true })).toBeVisible();
    const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: workload }) });
    await expect(row).toBeVisible();
    await expect(row).toContainText('per 1M tokens');
    await expect(page.getByRole('figure', { name: /Billed cost per day by workload/ }).locator(CHART_SVG)).toBeVisible();

    await page.getByLabel('Group by').selectOption('gpuModel');
    await expect(page).toHaveURL(/groupBy=gpuModel/);
    await expect(page.getByRole('rowheader', { name: 'A10G' })).toBeVisible();
    await page.getByLabel('Group by').selectOption('workload');
    await screenshot(page, 'costs');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download FOCUS CSV' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^costwise-costs-focus-.*\.csv$/);
    const csv = await readFile((await download.path())!, 'utf8');
    const header = csv.replace(/^\uFEFF/, '').split(/\r?\n/)[0].split(',');
    expect(header).toContain('BilledCost');
    expect(header).toContain('x_UtilizationAdjustedCost');
    expect(csv).toContain(workload);
  });

  await test.step('the Workloads list shows the workload with its cost', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Workloads' }).click();
    const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: workload }) });
    await expect(row).toBeVisible();
    await expect(row).toContainText('$');
    await screenshot(page, 'workloads');
  });

  await test.step('the workload page charts the usage and explains the cost', async () => {
    await page.getByRole('link', { name: workload }).click();
    await expect(page.getByRole('heading', { name: workload })).toBeVisible();
    const utilization = page.getByRole('figure', { name: 'Utilization (%)' });
    await expect(utilization.locator(CHART_SVG)).toBeVisible();
    await expect(page.getByRole('figure', { name: 'Throughput (tokens/s)' }).locator(CHART_SVG)).toBeVisible();
    const breakdown = page.getByRole('region', { name: 'Cost breakdown' });
    await expect(breakdown.getByText('How it adds up')).toBeVisible();
    await expect(breakdown.getByText(/R = Σ C·T·u \/ B/)).toBeVisible();
    const line = breakdown.getByRole('article', { name: /us-east-1 · g5.xlarge/ });
    await expect(line).toBeVisible();
    await expect(line.getByRole('rowheader', { name: 'GPU' })).toBeVisible();
    await expect(line).toContainText('GPU-hour');
    await expect(page.getByRole('form', { name: 'Workload settings' }).getByRole('button', { name: 'Save settings' })).toBeVisible();
    await screenshot(page, 'workload');
  });

  await test.step('the workload settings can be changed', async () => {
    const form = page.getByRole('form', { name: 'Workload settings' });
    await form.getByLabel('Latency SLO, p95 (ms)').fill('500');
    await form.getByRole('button', { name: 'Save settings' }).click();
    await expect(form.getByText('Settings saved.')).toBeVisible();
    await page.reload();
    await expect(page.getByLabel('Latency SLO, p95 (ms)')).toHaveValue('500');
  });

  await test.step('Connect shows the snippets with this server filled in', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Connect' }).click();
    const origin = new URL(baseURL!).origin;
    await expect(page.getByRole('textbox', { name: 'Samples (JSON, NDJSON or CSV)' })).toHaveValue(`${origin}/api/v1/telemetry/samples`);
    await expect(page.getByRole('textbox', { name: 'OTLP/HTTP metrics' })).toHaveValue(`${origin}/otlp/v1/metrics`);
    const snippet = (title: string) => page.getByRole('region', { name: title, exact: true }).locator('pre');
    await expect(snippet('OpenTelemetry Collector')).toContainText(`metrics_endpoint: ${origin}/otlp/v1/metrics`);
    await expect(snippet('curl (JSON)')).toContainText(`COSTWISE_URL:-${origin}`);
    await expect(snippet('curl (CSV)')).toContainText(`COSTWISE_URL:-${origin}`);
    await expect(snippet('nvidia-smi sampler (Python)')).toContainText(origin);
    await expect(page.getByText('costwise.example.com')).toHaveCount(0);
    await screenshot(page, 'connect');
  });

  await test.step('Price overrides show the catalog to pick from', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Price overrides' }).click();
    await expect(page.getByText('No negotiated prices yet')).toBeVisible();
    await page.getByLabel('Region').selectOption('us-east-1');
    await expect(page.getByLabel('Instance type').locator('option', { hasText: 'g5.xlarge' })).toHaveCount(1);
    await screenshot(page, 'price-overrides');
  });

  expect(consoleErrors, 'no console errors on the visited pages').toEqual([]);
});
