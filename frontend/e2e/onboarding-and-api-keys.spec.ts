import { expect, test } from '@playwright/test';
import { collectConsoleErrors, uniqueSuffix } from './support';

/**
 * Full journey against the real backend: sign up, sign out, sign in, create an API key,
 * use it as a machine client, revoke it in the UI and see the machine client rejected.
 */

test('sign up, sign in, create an API key, use it, revoke it', async ({ page, playwright, baseURL }) => {
  const consoleErrors = collectConsoleErrors(page);
  const unique = uniqueSuffix();
  const email = `e2e-${unique}@example.com`;
  const password = `Correct-Horse-${unique}!`;
  const organisation = `E2E Org ${unique}`;

  await test.step('sign up a fresh organisation', async () => {
    await page.goto('/signup');
    await expect(page.getByRole('heading', { name: 'Create your organisation' })).toBeVisible();
    await page.getByLabel('Organisation name').fill(organisation);
    await page.getByLabel('Work email').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Create organisation' }).click();

    await expect(page).toHaveURL(/\/$/);
    await expect(page.getByRole('heading', { name: 'Overview' })).toBeVisible();
    await expect(page.getByRole('banner').getByText(email)).toBeVisible();
    await expect(page.getByLabel('Organisation')).toContainText(organisation);
  });

  await test.step('sign out', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page).toHaveURL(/\/signin/);
    await expect(page.getByText('You have been signed out.')).toBeVisible();
  });

  await test.step('sign in again', async () => {
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('heading', { name: 'Overview' })).toBeVisible();
    await expect(page.getByLabel('Organisation')).toContainText(organisation);
  });

  let apiKey = '';
  await test.step('create an API key with the read scope', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'API keys' }).click();
    await expect(page).toHaveURL(/\/settings\/api-keys$/);
    await expect(page.getByText('No API keys yet')).toBeVisible();

    await page.getByLabel('Name').fill('E2E machine client');
    const telemetry = page.getByRole('checkbox', { name: /telemetry:write/ });
    if (await telemetry.isChecked()) await telemetry.uncheck();
    await page.getByRole('checkbox', { name: /^read/ }).check();
    await page.getByRole('button', { name: 'Create key' }).click();

    const keyField = page.getByLabel('Your new API key');
    await expect(keyField).toBeVisible();
    await expect(page.getByText(/will not be shown again/)).toBeVisible();
    await expect(page.getByRole('button', { name: 'Copy' })).toBeVisible();
    apiKey = await keyField.inputValue();
    expect(apiKey.length).toBeGreaterThan(16);

    const row = page.getByRole('row').filter({ hasText: 'E2E machine client' });
    await expect(row).toContainText('read');
    await expect(row).toContainText('Active');
    // Only a prefix of the key is listed.
    await expect(row).not.toContainText(apiKey);
  });

  // A separate request context: no browser cookies, only the bearer key.
  const machine = await playwright.request.newContext({ baseURL, storageState: { cookies: [], origins: [] } });
  try {
    await test.step('the key authenticates machine calls', async () => {
      const response = await machine.get('/api/v1/members', { headers: { Authorization: `Bearer ${apiKey}` } });
      expect(response.status()).toBe(200);
      const body = await response.json();
      expect(body.items.map((m: { email: string }) => m.email)).toContain(email);
    });

    await test.step('revoke the key in the UI', async () => {
      await page.getByRole('button', { name: 'I have saved the key' }).click();
      await expect(page.getByLabel('Your new API key')).toHaveCount(0);
      const row = page.getByRole('row').filter({ hasText: 'E2E machine client' });
      await row.getByRole('button', { name: /Revoke/ }).click();
      await row.getByRole('button', { name: 'Yes, revoke' }).click();
      await expect(row).toContainText('Revoked');
    });

    await test.step('the revoked key is rejected', async () => {
      const response = await machine.get('/api/v1/members', { headers: { Authorization: `Bearer ${apiKey}` } });
      expect(response.status()).toBe(401);
      expect(response.headers()['content-type']).toContain('application/problem+json');
    });
  } finally {
    await machine.dispose();
  }

  await test.step('SPA routes survive a reload', async () => {
    await page.reload();
    await expect(page.getByRole('heading', { name: 'API keys' })).toBeVisible();
  });

  expect(consoleErrors, 'no console errors on the visited pages').toEqual([]);
});
