import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ConsoleMessage, Page } from '@playwright/test';

/** A rendered Recharts chart (not its legend icons, which are small SVGs of the same class). */
export const CHART_SVG = '.recharts-wrapper > svg.recharts-surface';

const screenshots = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'target', 'screenshots');

/**
 * Chromium reports the e-mail preview's sandbox doing its job: the frame allows no scripts, and the
 * browser driver's own helpers (for screenshots, say) are refused there like any other.
 */
function sandboxRefusal(message: ConsoleMessage): boolean {
  return message.location().url === 'about:srcdoc' && message.text().startsWith("Blocked script execution in 'about:srcdoc'");
}

/** Console errors and uncaught exceptions of the page, for a test to assert there were none. */
export function collectConsoleErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message: ConsoleMessage) => {
    if (message.type() === 'error' && !sandboxRefusal(message)) errors.push(`${message.text()} @ ${message.location().url}`);
  });
  page.on('pageerror', (error) => errors.push(`Uncaught: ${error.message}`));
  return errors;
}

/**
 * A full-page screenshot under target/screenshots/, once charts have finished loading; the wait is bounded,
 * since the picture is a record of the run, not one of its checks.
 */
export async function screenshot(page: Page, name: string) {
  await page.waitForLoadState('networkidle', { timeout: 10_000 }).catch(() => undefined);
  await page.screenshot({ path: resolve(screenshots, `${name}.png`), fullPage: true });
}

export function uniqueSuffix(): string {
  return `${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
}
