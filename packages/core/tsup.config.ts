import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts', contracts: 'src/contracts/index.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  // Shared chunks in both formats: `@leanvibe/core` re-exports the very classes of
  // `@leanvibe/core/contracts`, so guards and `instanceof` agree across the two entries.
  splitting: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
  platform: 'node',
});
