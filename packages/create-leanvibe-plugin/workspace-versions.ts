// The versions a generated package pins, read from this workspace when the scaffolder is built
// (tsup) or tested (vitest), and embedded as `__LEANVIBE_VERSIONS__`: a published scaffolder
// cannot read the workspace, and pinning what the workspace pins lets installs come from the
// same pnpm store.
import { readFileSync } from 'node:fs';

type Manifest = {
  version: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
};

const read = (path: string): Manifest =>
  JSON.parse(readFileSync(new URL(path, import.meta.url), 'utf8')) as Manifest;

function pinned(manifest: Manifest, name: string, where: string): string {
  const version = manifest.dependencies?.[name] ?? manifest.devDependencies?.[name];
  if (version === undefined || !/^\d+\.\d+\.\d+/.test(version)) {
    throw new Error(`${where} pins no exact version of ${name}`);
  }
  return version;
}

/** The versions of the tools, zod and the @leanvibe packages a generated plugin depends on. */
export function workspaceVersions(): Record<string, string> {
  const root = read('../../package.json');
  const core = read('../core/package.json');
  const testing = read('../testing/package.json');
  const versions: Record<string, string> = {
    tsup: pinned(root, 'tsup', 'package.json'),
    vitest: pinned(root, 'vitest', 'package.json'),
    typescript: pinned(root, 'typescript', 'package.json'),
    '@types/node': pinned(root, '@types/node', 'package.json'),
    zod: pinned(core, 'zod', 'packages/core/package.json'),
    'fast-check': pinned(testing, 'fast-check', 'packages/testing/package.json'),
  };
  for (const name of [
    'core',
    'testing',
    'resilience',
    'pool',
    'decorators',
    'security',
    'metrics',
  ]) {
    versions[`@leanvibe/${name}`] = `^${read(`../${name}/package.json`).version}`;
  }
  return versions;
}
