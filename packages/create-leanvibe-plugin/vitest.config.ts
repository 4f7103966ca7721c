import { defineConfig } from 'vitest/config';
import { workspaceVersions } from './workspace-versions.js';

export default defineConfig({
  define: { __LEANVIBE_VERSIONS__: JSON.stringify(workspaceVersions()) },
  test: {
    // A hang guard for a busy 2-core machine; no test asserts on time. The end-to-end test
    // installs, builds and tests generated packages, and sets its own.
    testTimeout: 60_000,
    include: ['test/**/*.test.ts'],
    coverage: {
      provider: 'v8',
      include: ['src/**/*.ts'],
      // The barrel; the bin and the prompts run in child processes (the pseudo-terminal and
      // end-to-end tests), which coverage does not see.
      exclude: ['src/index.ts', 'src/bin.ts', 'src/prompts.ts'],
      reporter: ['text-summary', 'json-summary'],
      thresholds: { lines: 90, functions: 90, branches: 85, statements: 90 },
    },
  },
});
