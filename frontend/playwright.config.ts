import { defineConfig } from '@playwright/test';
import { existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/*
 * End-to-end tests against the real Spring Boot jar (frontend bundled inside).
 * Maven's integration-test phase sets COSTWISE_JAR; locally it defaults to ../target/costwise-*.jar.
 * The server gets its own port (18080) and a fresh embedded-database directory per run;
 * with TEST_DATABASE_URL set it uses that database instead.
 */

const here = dirname(fileURLToPath(import.meta.url));
// 18080 unless E2E_PORT is set (e.g. to run beside another e2e run on the same machine).
const PORT = Number(process.env.E2E_PORT ?? 18080);
const BASE_URL = `http://127.0.0.1:${PORT}`;

function findJar(): string {
  if (process.env.COSTWISE_JAR) return process.env.COSTWISE_JAR;
  const target = resolve(here, '..', 'target');
  const jars = existsSync(target)
    ? readdirSync(target).filter((f) => /^costwise-.*\.jar$/.test(f) && !f.endsWith('-sources.jar') && !f.endsWith('-javadoc.jar'))
    : [];
  if (jars.length !== 1) {
    // Fail when the server is started rather than at config load (so `playwright test --list` still works).
    return jars.length === 0 ? join(target, 'costwise-NOT-BUILT.jar') : join(target, jars.sort().at(-1)!);
  }
  return join(target, jars[0]);
}

function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

const dataDirectory = join(tmpdir(), `costwise-e2e-${Date.now()}`);
const databaseArgs = process.env.TEST_DATABASE_URL
  ? [
      `--spring.datasource.url=${process.env.TEST_DATABASE_URL}`,
      `--spring.datasource.username=${process.env.TEST_DATABASE_USER ?? 'postgres'}`,
      `--spring.datasource.password=${process.env.TEST_DATABASE_PASSWORD ?? ''}`,
    ]
  : [`--costwise.embedded-database.data-directory=${dataDirectory}`, '--costwise.embedded-database.port=0'];

// Extra application arguments, whitespace-separated (e.g. `--logging.level.io.costwise=debug`); none when unset.
const extraArgs = (process.env.E2E_APP_ARGS ?? '').split(/\s+/).filter(Boolean);

// The demo organisation is seeded as on a fresh local installation (the demo journey signs in to it); its
// recommendations are looked for every few seconds instead of every 30, so the journey need not wait.
const java = [
  'java',
  '-jar',
  findJar(),
  `--server.port=${PORT}`,
  '--costwise.demo.enabled=true',
  '--costwise.recommendation.poll-delay=3s',
  ...databaseArgs,
  ...extraArgs,
]
  .map(shellQuote)
  .join(' ');
// Playwright stops the server by sending SIGTERM to the process group; the shell survives it (no-op trap),
// waits for Spring Boot to stop the embedded PostgreSQL, then deletes the throw-away data directory.
const serverCommand = process.env.TEST_DATABASE_URL ? java : `trap : TERM INT; ${java}; rm -rf ${shellQuote(dataDirectory)}`;

export default defineConfig({
  testDir: './e2e',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: 'list',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  forbidOnly: !!process.env.CI,
  use: {
    baseURL: BASE_URL,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    viewport: { width: 1280, height: 800 },
    // The journeys read numbers and dates as an en-US user in UTC sees them, whatever the machine's settings.
    locale: 'en-US',
    timezoneId: 'UTC',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  // The demo journey runs first, while the server has nothing else to do but seed the demo organisation;
  // the journeys of freshly signed-up organisations follow.
  projects: [
    { name: 'demo', testMatch: /demo-journey\.spec\.ts/, use: { browserName: 'chromium' } },
    { name: 'chromium', testIgnore: /demo-journey\.spec\.ts/, dependencies: ['demo'], use: { browserName: 'chromium' } },
  ],
  webServer: {
    command: serverCommand,
    url: `${BASE_URL}/actuator/health/readiness`,
    timeout: 180_000,
    reuseExistingServer: false,
    stdout: process.env.E2E_SERVER_LOGS ? 'pipe' : 'ignore',
    stderr: 'pipe',
    // Let Spring Boot stop the embedded PostgreSQL cleanly instead of SIGKILLing the process group.
    gracefulShutdown: { signal: 'SIGTERM', timeout: 20_000 },
  },
});
