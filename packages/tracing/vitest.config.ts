import { defineConfig } from 'vitest/config';

export default defineConfig({
  define: { __LEANVIBE_TRACING_VERSION__: JSON.stringify('0.0.0-test') },
  test: {
    // A hang guard for a busy 2-core machine; no test asserts on time.
    testTimeout: 30_000,
    hookTimeout: 30_000,
    include: ['test/**/*.test.ts'],
    fileParallelism: false,
    coverage: {
      provider: 'v8',
      include: ['src/**/*.ts'],
      reporter: ['text-summary', 'json-summary'],
      thresholds: { lines: 90, functions: 90, branches: 85, statements: 90 },
    },
  },
});
