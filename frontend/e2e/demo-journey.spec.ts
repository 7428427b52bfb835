import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import { CHART_SVG, collectConsoleErrors, screenshot, uniqueSuffix } from './support';

/**
 * What a team does on its first visit, against the real jar on a fresh database: sign in to the demo
 * organisation the server seeded through its own ingestion, see costs and open savings on the Overview,
 * drill into a workload, open one of its recommendations and accept it, download the FOCUS export,
 * subscribe to the weekly digest, preview it and unsubscribe through its link, then create a telemetry
 * key, send a batch with it and find the new workload in the list. Each main page is
 * saved as a full-page screenshot under target/screenshots/.
 */

const DEMO = { email: 'demo@costwise.local', password: 'costwise-demo' };

interface RecommendationItem {
  id: string;
  workload: string;
  type: string;
  status: string;
  monthlySavings: number;
}

function mainNav(page: Page) {
  return page.getByRole('navigation', { name: 'Main' });
}

/** The demo seeding, its costs and its first recommendation run all happen in the background. */
async function awaitDemoRecommendations(page: Page): Promise<RecommendationItem[]> {
  let items: RecommendationItem[] = [];
  await expect
    .poll(
      async () => {
        const response = await page.request.get('/api/v1/recommendations?limit=100');
        items = response.ok() ? (await response.json()).items : [];
        return items.length;
      },
      { timeout: 240_000, intervals: [2000, 3000, 5000] },
    )
    .toBeGreaterThan(0);
  return items;
}

test('the demo organisation: costs, savings, a recommendation accepted, the FOCUS export and a new workload', async ({
  page,
  playwright,
  baseURL,
}) => {
  test.setTimeout(420_000);
  const consoleErrors = collectConsoleErrors(page);

  await test.step('the sign-in page offers the demo account, which signs in', async () => {
    await expect
      .poll(async () => (await (await page.request.get('/api/v1/demo')).json()).ready, { timeout: 240_000, intervals: [2000] })
      .toBe(true);
    await page.goto('/signin');
    const offer = page.getByRole('note', { name: 'Demo account' });
    await expect(offer).toContainText(DEMO.email);
    await offer.getByRole('button', { name: 'Use demo account' }).click();
    await expect(page.getByLabel('Email')).toHaveValue(DEMO.email);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('heading', { name: 'Overview' })).toBeVisible();
    await expect(page.getByLabel('Organisation')).toContainText('Costwise Demo');
  });

  const recommendations = await test.step('costs and recommendations are computed from the seeded telemetry', () =>
    awaitDemoRecommendations(page),
  );

  await test.step('the Overview shows non-zero costs and open savings', async () => {
    await page.reload();
    const billed = page.getByRole('group', { name: 'Billed cost' });
    await expect(billed).toContainText('$');
    await expect(billed).not.toContainText('$0.00');
    await expect(page.getByRole('figure', { name: /Billed cost per day by team/ }).locator(CHART_SVG)).toBeVisible();
    const top = page.getByRole('region', { name: 'Top recommendations' });
    await expect(top.getByRole('group', { name: 'Open savings per month' })).toContainText(/\$[1-9]/);
    await expect(top.getByRole('row')).not.toHaveCount(0);
    await screenshot(page, 'demo-overview');
  });

  const best = [...recommendations].sort((a, b) => b.monthlySavings - a.monthlySavings).find((r) => r.status === 'OPEN')!;

  await test.step('drill into the workload with the largest savings', async () => {
    await mainNav(page).getByRole('link', { name: 'Workloads' }).click();
    await expect(page.getByRole('heading', { name: 'Workloads', level: 1 })).toBeVisible();
    await page.getByRole('link', { name: best.workload, exact: true }).click();
    await expect(page.getByRole('heading', { name: best.workload })).toBeVisible();
    await expect(page.getByRole('figure', { name: /Utilization/ }).locator(CHART_SVG)).toBeVisible();
    await expect(page.getByRole('region', { name: 'Cost breakdown' })).toBeVisible();
    await expect(page.getByRole('region', { name: 'What-if' })).toBeVisible();
    await screenshot(page, 'demo-workload');
  });

  await test.step('open its recommendation and accept it', async () => {
    const section = page.getByRole('region', { name: 'Recommendations' });
    await section.locator(`a[href$="/recommendations/${best.id}"]`).click();
    await expect(page).toHaveURL(new RegExp(`/recommendations/${best.id}$`));
    const status = page.getByRole('status', { name: 'Status' });
    await expect(status).toContainText(/open/i);
    await expect(page.getByRole('group', { name: 'Savings per month' })).toContainText(/\$[1-9]/);
    await expect(page.getByRole('region', { name: 'Evidence' })).toBeVisible();
    await screenshot(page, 'demo-recommendation');
    await page.getByRole('button', { name: 'Accept' }).click();
    await expect(status).toContainText(/accepted/i);
    await page.reload();
    await expect(page.getByRole('status', { name: 'Status' })).toContainText(/accepted/i);
  });

  await test.step('the Recommendations list and the calibration page', async () => {
    await mainNav(page).getByRole('link', { name: 'Recommendations' }).click();
    await expect(page.getByRole('heading', { name: 'Recommendations', level: 1 })).toBeVisible();
    await expect(page.getByRole('table', { name: /largest monthly savings first/ }).getByRole('row')).not.toHaveCount(0);
    await page.getByLabel('Status').selectOption('ACCEPTED');
    await expect(page).toHaveURL(/status=ACCEPTED/);
    await expect(page.locator(`a[href$="/recommendations/${best.id}"]`).first()).toBeVisible();
    await screenshot(page, 'demo-recommendations');
    await page.getByRole('link', { name: /Calibration/ }).click();
    await expect(page.getByRole('heading', { name: 'Calibration' })).toBeVisible();
    await screenshot(page, 'demo-calibration');
  });

  await test.step('the Costs explorer downloads the FOCUS export of its view', async () => {
    await mainNav(page).getByRole('link', { name: 'Costs' }).click();
    await expect(page.getByRole('heading', { name: 'Costs', exact: true })).toBeVisible();
    await screenshot(page, 'demo-costs');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download FOCUS CSV' }).click()]);
    const csv = (await readFile((await download.path())!, 'utf8')).replace(/^\uFEFF/, '');
    const [header, ...rows] = csv.split(/\r?\n/).filter(Boolean);
    expect(header.split(',')).toEqual(expect.arrayContaining(['BilledCost', 'EffectiveCost', 'ChargePeriodStart', 'ResourceId']));
    expect(rows.length).toBeGreaterThan(10);
    expect(csv).toContain(best.workload);
  });

  await test.step('subscribe to the weekly digest, preview it and unsubscribe through its link', async () => {
    await mainNav(page).getByRole('link', { name: 'Report subscriptions' }).click();
    await expect(page.getByRole('heading', { name: 'Report subscriptions', level: 1 })).toBeVisible();
    await page.getByRole('button', { name: 'New subscription' }).click();
    await page.getByLabel('Name').fill('Weekly digest');
    await expect(page.getByLabel('Recipient 1')).toHaveValue(DEMO.email);
    await page.getByRole('button', { name: 'Create subscription' }).click();
    const subscription = page.getByRole('article', { name: 'Weekly digest' });
    await expect(subscription).toContainText(/Weekly on Monday at 08:00/);
    await subscription.getByRole('button', { name: 'Preview' }).click();
    const preview = page.getByRole('dialog', { name: 'Preview: Weekly digest' });
    // The e-mail itself is in a sandboxed frame, which the test leaves alone (scripts, its own too, are blocked there).
    const frame = preview.locator('iframe[title^="E-mail preview"]');
    await expect(frame).toBeVisible();
    expect(await frame.getAttribute('srcdoc')).toMatch(/<img[^>]+src="data:image\/png;base64,/);
    await preview.getByText('Plain-text version').click();
    await expect(preview.locator('pre')).toContainText(/Billed/);
    await screenshot(page, 'demo-report-preview');
    const link = (await preview.locator('pre').innerText()).match(/Unsubscribe: (\S+)/)?.[1];
    expect(link).toContain('/unsubscribe?token=');
    await preview.getByRole('button', { name: 'Close' }).click();
    await screenshot(page, 'demo-report-subscriptions');

    // The e-mail's own unsubscribe link: a page that asks first, as mail scanners open every link.
    const unsubscribe = new URL(link!);
    await page.goto(unsubscribe.pathname + unsubscribe.search);
    await expect(page.getByRole('heading', { name: 'Unsubscribe from this report' })).toBeVisible();
    await page.getByRole('button', { name: 'Unsubscribe' }).click();
    await expect(page.getByRole('status')).toContainText(`${DEMO.email} will no longer receive this report`);
    await screenshot(page, 'demo-unsubscribed');
    await page.goto('/');
  });

  const unique = uniqueSuffix();
  const workload = `e2e-new-service-${unique}`;
  let apiKey = '';
  await test.step('create a telemetry key on the Connect page', async () => {
    await mainNav(page).getByRole('link', { name: 'Connect' }).click();
    await page.getByRole('button', { name: 'Create telemetry key' }).click();
    apiKey = await page.getByLabel('Your new API key').inputValue();
    expect(apiKey.length).toBeGreaterThan(16);
    await page.getByRole('button', { name: 'I have saved the key' }).click();
  });

  await test.step('send a batch with the key, as a machine', async () => {
    const machine = await playwright.request.newContext({ baseURL, storageState: { cookies: [], origins: [] } });
    try {
      const now = Date.now();
      const samples = Array.from({ length: 5 }, (_, i) => ({
        workload,
        timestamp: new Date(now - (i + 1) * 60_000).toISOString(),
        windowSeconds: 60,
        node: 'e2e-node-1',
        provider: 'gcp',
        region: 'us-central1',
        instanceType: 'g2-standard-8',
        gpuModel: 'L4',
        gpuCount: 1,
        gpuUtil: 0.6,
        gpuMemoryUsedGiB: 14,
        gpuMemoryTotalGiB: 24,
        batchSize: 8,
        precision: 'FP16',
        throughput: 900,
        workUnit: 'tokens',
      }));
      const response = await machine.post('/api/v1/telemetry/samples', {
        headers: { Authorization: `Bearer ${apiKey}` },
        data: { samples },
      });
      expect(response.status(), await response.text()).toBe(202);
      expect(await response.json()).toMatchObject({ accepted: 5, workloadsCreated: 1 });
    } finally {
      await machine.dispose();
    }
  });

  await test.step('the new workload appears in the list', async () => {
    await mainNav(page).getByRole('link', { name: 'Workloads' }).click();
    await expect(page.getByRole('heading', { name: 'Workloads', level: 1 })).toBeVisible();
    await page.getByLabel('Search by key').fill('e2e-new-service');
    await page.getByLabel('Search by key').press('Enter');
    await expect(page.getByRole('link', { name: workload })).toBeVisible();
    await screenshot(page, 'demo-workloads');
  });

  expect(consoleErrors, 'no console errors on the visited pages').toEqual([]);
});
