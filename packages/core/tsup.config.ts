import { readFileSync } from 'node:fs';
import { defineConfig } from 'tsup';

const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    contracts: 'src/contracts/index.ts',
    logger: 'src/logger/index.ts',
  },
  format: ['esm', 'cjs'],
  dts: true,
  // Shared chunks in both formats: `@leanvibe/core` re-exports the very classes of
  // `@leanvibe/core/contracts`, so guards and `instanceof` agree across the two entries.
  splitting: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
  platform: 'node',
  // `import.meta.url` in the CommonJS build (the lazy semver loader's createRequire).
  shims: true,
  // The manifest `sdk` range is checked against this version; injected, never read at run time.
  define: { __LEANVIBE_CORE_VERSION__: JSON.stringify(version) },
});
