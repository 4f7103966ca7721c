import { defineConfig } from 'tsup';

export default defineConfig({
  // `input` is its own entry so that zod loads only for those who import it.
  entry: { index: 'src/index.ts', input: 'src/input/index.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  splitting: true,
  // `import.meta.url` in the CommonJS build (undici is loaded lazily through `createRequire`).
  shims: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
  platform: 'node',
});
