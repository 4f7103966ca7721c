import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // The vitest and check entries import the main entry by its published name; test the sources.
    alias: [
      {
        find: /^@leanvibe\/testing$/,
        replacement: fileURLToPath(new URL('./src/index.ts', import.meta.url)),
      },
      {
        find: /^@leanvibe\/testing\/check$/,
        replacement: fileURLToPath(new URL('./src/check/index.ts', import.meta.url)),
      },
    ],
  },
  test: {
    // A hang guard for a busy 2-core machine; no test asserts on time.
    testTimeout: 30_000,
    include: ['test/**/*.test.ts'],
    // Memory checks force garbage collection; without the flag they report that GC is missing.
    execArgv: ['--expose-gc'],
    coverage: {
      provider: 'v8',
      include: ['src/**/*.ts'],
      // Type-only modules and barrels: nothing to run.
      exclude: ['src/index.ts', 'src/plugin.ts', 'src/check/index.ts', 'src/check/bin.ts'],
      reporter: ['text-summary', 'json-summary'],
      thresholds: { lines: 90, functions: 90, branches: 85, statements: 90 },
    },
  },
});
