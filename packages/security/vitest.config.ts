import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // The files share one worker and its loaded modules instead of a fresh process each, which
    // spent most of the run importing vitest and the sources again. No file leaves state behind:
    // fake timers, spies and diagnostics subscribers are undone where they are set.
    pool: 'threads',
    isolate: false,
    include: ['test/**/*.test.ts'],
    // Key derivation at OWASP work factors is slow by design: a generous budget on a busy machine.
    testTimeout: 30_000,
    coverage: {
      provider: 'v8',
      include: ['src/**/*.ts'],
      reporter: ['text-summary', 'json-summary'],
      thresholds: { lines: 90, functions: 90, branches: 85, statements: 90 },
    },
  },
});
