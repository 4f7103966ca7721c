import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// The package's own name resolves to its source, so README examples run against it.
const alias = { '@leanvibe/decorators': fileURLToPath(new URL('./src/index.ts', import.meta.url)) };

// Each project's files share one worker and its loaded modules instead of a fresh process each,
// which spent most of the run importing vitest and the sources again. No file leaves state
// behind: fake timers, spies and diagnostics subscribers are undone where they are set.
const pool = { pool: 'threads', isolate: false } as const;

// The type tests are checked by the native TypeScript compiler, in a fraction of tsc's time;
// `pnpm typecheck` checks the same files with tsc in both modes.
const checker = fileURLToPath(new URL('../../node_modules/.bin/tsgo', import.meta.url));

// Every test file runs twice: compiled with TC39 standard decorators (TypeScript's default) and
// with legacy `experimentalDecorators`. `decoratorMode` tells a test which one it runs under.
export default defineConfig({
  test: {
    coverage: {
      provider: 'v8',
      include: ['src/**/*.ts'],
      reporter: ['text-summary', 'json-summary'],
      thresholds: { lines: 90, functions: 90, branches: 85, statements: 90 },
    },
    projects: [
      {
        resolve: { alias },
        test: {
          name: 'standard',
          ...pool,
          testTimeout: 30_000,
          include: ['test/**/*.test.ts'],
          provide: { decoratorMode: 'standard' },
          typecheck: {
            enabled: true,
            checker,
            include: ['test/**/*.test-d.ts'],
            tsconfig: 'tsconfig.json',
          },
        },
      },
      {
        resolve: { alias },
        esbuild: { tsconfigRaw: { compilerOptions: { experimentalDecorators: true } } },
        test: {
          name: 'legacy',
          ...pool,
          testTimeout: 30_000,
          include: ['test/**/*.test.ts'],
          provide: { decoratorMode: 'legacy' },
          typecheck: {
            enabled: true,
            checker,
            include: ['test/**/*.test-d.ts'],
            tsconfig: 'tsconfig.legacy.json',
          },
        },
      },
    ],
  },
});
