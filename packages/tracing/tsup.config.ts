import { readFileSync } from 'node:fs';
import { defineConfig } from 'tsup';

const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };

export default defineConfig({
  entry: { index: 'src/index.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
  platform: 'node',
  // `import.meta.url` in the CommonJS build (the lazy loader of the optional peer).
  shims: true,
  // The tracer's version; injected, never read at run time.
  define: { __LEANVIBE_TRACING_VERSION__: JSON.stringify(version) },
});
