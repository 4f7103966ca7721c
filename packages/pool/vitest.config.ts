import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // The files share one worker and its loaded modules instead of a fresh process each, which
    // spent most of the run importing vitest and the sources again. No file leaves state behind:
    // fake timers, spies and diagnostics subscribers are undone where they are set.
    pool: 'threads',
    isolate: false,
    // A hang guard for a busy 2-core machine; no test asserts on time.
    testTimeout: 30_000,
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/setup.ts'],
    coverage: {
      provider: 'v8',
      include: ['src/**/*.ts'],
      reporter: ['text-summary', 'json-summary'],
      thresholds: { lines: 90, functions: 90, branches: 85, statements: 90 },
    },
  },
});
