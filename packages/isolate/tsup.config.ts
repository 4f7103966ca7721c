import { defineConfig } from 'tsup';

export default defineConfig({
  // The worker entry is loaded by path from inside a worker thread, so it ships as its own file
  // beside the index, in both formats.
  entry: { index: 'src/index.ts', worker: 'src/worker.ts' },
  format: ['esm', 'cjs'],
  dts: { entry: { index: 'src/index.ts' } },
  sourcemap: true,
  clean: true,
  target: 'node20',
  platform: 'node',
  shims: true,
});
