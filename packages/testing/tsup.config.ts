import { defineConfig } from 'tsup';

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
    // `@leanvibe/testing/vitest`: ESM-only, because vitest cannot be loaded from CommonJS.
    // Importing it registers the matchers (the package's one declared side effect).
    entry: { vitest: 'src/vitest/index.ts' },
    format: ['esm'],
    // Resolve the self-import to the sources while building types (the main entry's types are
    // being built in parallel); it stays an import of '@leanvibe/testing' in the output.
    dts: { compilerOptions: { paths: { '@leanvibe/testing': ['./src/index.ts'] } } },
    sourcemap: true,
    clean: false,
    target: 'node20',
    platform: 'node',
    // The main entry is imported by its published name, so both entries share one copy.
    external: ['@leanvibe/testing'],
  },
]);
