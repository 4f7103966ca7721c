import { defineConfig } from 'tsup';

// Entries that import the main entry by its published name: both share one copy at run time.
// While building their types, the self-import resolves to the sources (the main entry's types
// are being built in parallel); it stays an import of '@leanvibe/testing' in the output.
const selfImport = {
  compilerOptions: { paths: { '@leanvibe/testing': ['./src/index.ts'] } },
};

export default defineConfig([
  {
    // The main entry and `@leanvibe/testing/redis`: ESM and CommonJS. Neither imports vitest.
    entry: { index: 'src/index.ts', redis: 'src/redis/index.ts' },
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'node20',
    platform: 'node',
  },
  {
    // `@leanvibe/testing/check`: what `leanvibe-plugin check` runs, for programs. ESM and CommonJS.
    entry: { check: 'src/check/index.ts' },
    format: ['esm', 'cjs'],
    dts: selfImport,
    sourcemap: true,
    clean: false,
    target: 'node20',
    platform: 'node',
    external: ['@leanvibe/testing'],
  },
  {
    // The `leanvibe-plugin` bin: ESM, a thin shell around `@leanvibe/testing/check`.
    entry: { cli: 'src/check/bin.ts' },
    format: ['esm'],
    dts: false,
    sourcemap: true,
    clean: false,
    target: 'node20',
    platform: 'node',
    banner: { js: '#!/usr/bin/env node' },
    external: ['@leanvibe/testing/check'],
  },
  {
    // `@leanvibe/testing/vitest`: ESM-only, because vitest cannot be loaded from CommonJS.
    // Importing it registers the matchers (the package's one declared side effect).
    entry: { vitest: 'src/vitest/index.ts' },
    format: ['esm'],
    dts: selfImport,
    sourcemap: true,
    clean: false,
    target: 'node20',
    platform: 'node',
    // The main entry is imported by its published name, so both entries share one copy.
    external: ['@leanvibe/testing'],
  },
]);
