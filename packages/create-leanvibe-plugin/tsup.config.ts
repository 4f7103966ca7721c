import { defineConfig } from 'tsup';
import { workspaceVersions } from './workspace-versions.js';

const define = { __LEANVIBE_VERSIONS__: JSON.stringify(workspaceVersions()) };

export default defineConfig([
  {
    // The programmatic entry: ESM and CommonJS. It never loads the prompt library.
    entry: { index: 'src/index.ts' },
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'node20',
    platform: 'node',
    define,
  },
  {
    // The `create-leanvibe-plugin` bin: ESM.
    entry: { cli: 'src/bin.ts' },
    format: ['esm'],
    dts: false,
    sourcemap: true,
    clean: false,
    target: 'node20',
    platform: 'node',
    banner: { js: '#!/usr/bin/env node' },
    define,
  },
]);
