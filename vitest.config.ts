import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // bin/folio.js runs dist/: build it once per run, so no spawned test sees a stale bundle.
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Each file gets a temp FOLIO_HOME and its own Postgres database; two workers suit a 2-core machine.
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
    pool: 'forks',
  },
});
