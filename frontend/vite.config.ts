import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

const backend = 'http://localhost:8080';

if (process.env.VITEST) {
  // The tests read numbers, money and dates as an en-US reader in UTC sees them, whatever the machine's
  // locale and time zone: the test workers inherit these and Node's ICU reads them when it starts.
  process.env.TZ = 'UTC';
  process.env.LC_ALL = 'en_US.UTF-8';
}

export default defineConfig({
  plugins: [react()],
  build: {
    // Served by Spring Boot from classpath:/static (SPA fallback to index.html is done by the backend).
    outDir: '../target/classes/static',
    emptyOutDir: true,
    sourcemap: false,
  },
  server: {
    port: 5173,
    // The Connect page imports the telemetry snippets from ../examples (`?raw`).
    fs: { allow: ['.', '../examples'] },
    proxy: {
      '/api': backend,
      '/actuator': backend,
      '/v3': backend,
    },
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}'],
    exclude: ['e2e/**', 'node_modules/**'],
    setupFiles: ['./src/test/setup.ts'],
    restoreMocks: true,
    unstubGlobals: true,
  },
});
