#!/usr/bin/env node
// Packs every package in packages/ together, installs the tarballs (never the registry: the
// @leanvibe scope is not published from here) into a throwaway project outside the workspace,
// and loads every entry from ESM and CommonJS, then typechecks imports of every entry under
// `moduleResolution` node16 (ESM and CJS files) and bundler with TypeScript 5.9, the TypeScript 7
// native compiler and the oldest supported TypeScript. (node10 resolution is checked by attw.)
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const keep = process.argv.includes('--keep');
const work = mkdtempSync(join(tmpdir(), 'leanvibe-consumer-'));
const tarballs = join(work, 'tarballs');
const app = join(work, 'app');
mkdirSync(tarballs);
mkdirSync(app);

function run(command, args, cwd, extraEnv = {}) {
  try {
    return execFileSync(command, args, {
      cwd,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...extraEnv },
    });
  } catch (error) {
    process.stderr.write(
      `\n✗ ${command} ${args.join(' ')} (in ${cwd})\n${error.stdout ?? ''}${error.stderr ?? ''}\n`,
    );
    throw new Error(`${command} failed`);
  }
}

const packages = readdirSync(join(root, 'packages'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => join(root, 'packages', entry.name))
  .map((dir) => ({ dir, manifest: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) }))
  .filter(({ manifest }) => manifest.private !== true);

const dependencies = {};
const entries = []; // { specifier, esmOnly }
for (const { dir, manifest } of packages) {
  const output = run('pnpm', ['pack', '--pack-destination', tarballs, '--json'], dir);
  const file = JSON.parse(output).filename;
  dependencies[manifest.name] = `file:${file}`;
  for (const [subpath, target] of Object.entries(manifest.exports ?? {})) {
    if (subpath === './package.json') continue;
    const specifier = subpath === '.' ? manifest.name : `${manifest.name}/${subpath.slice(2)}`;
    const esmOnly = typeof target === 'object' && target !== null && !('require' in target);
    entries.push({ specifier, esmOnly });
  }
}
console.log(`packed ${packages.length} packages: ${Object.keys(dependencies).join(', ')}`);

const typesNode = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).devDependencies[
  '@types/node'
];
writeFileSync(
  join(app, 'package.json'),
  `${JSON.stringify(
    {
      name: 'leanvibe-consumer',
      private: true,
      version: '0.0.0',
      dependencies: { ...dependencies, '@types/node': typesNode },
      overrides: dependencies,
    },
    null,
    2,
  )}\n`,
);
run('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error'], app);
console.log('installed the tarballs into a fresh project');

const names = entries.map((_, i) => `m${i}`);
const esmLines = entries.map(({ specifier }, i) => `import * as ${names[i]} from '${specifier}';`);
const check = (list) =>
  list
    .map(
      ({ specifier }) =>
        `if (Object.keys(mods[${JSON.stringify(specifier)}]).length === 0) throw new Error('${specifier} exports nothing');`,
    )
    .join('\n');
writeFileSync(
  join(app, 'esm.mjs'),
  `${esmLines.join('\n')}
const mods = { ${entries.map(({ specifier }, i) => `${JSON.stringify(specifier)}: ${names[i]}`).join(', ')} };
${check(entries)}
if (mods['@leanvibe/core'].PluginError !== mods['@leanvibe/core/contracts'].PluginError) throw new Error('two copies of PluginError');
console.log('ESM: ${entries.length} entries load');
`,
);
const cjsEntries = entries.filter((entry) => !entry.esmOnly);
writeFileSync(
  join(app, 'cjs.cjs'),
  `const mods = { ${cjsEntries.map(({ specifier }) => `${JSON.stringify(specifier)}: require('${specifier}')`).join(', ')} };
${check(cjsEntries)}
if (mods['@leanvibe/core'].PluginError !== mods['@leanvibe/core/contracts'].PluginError) throw new Error('two copies of PluginError');
console.log('CommonJS: ${cjsEntries.length} entries load');
`,
);
run(process.execPath, ['esm.mjs'], app);
run(process.execPath, ['cjs.cjs'], app);
console.log(`loaded ${entries.length} entries from ESM and ${cjsEntries.length} from CommonJS`);

const typeImports = (list) =>
  `${list.map(({ specifier }, i) => `import * as t${i} from '${specifier}';`).join('\n')}
export const loaded = [${list.map((_, i) => `t${i}`).join(', ')}];
import type { PluginError, TaskResult } from '@leanvibe/core/contracts';
export function describe(result: TaskResult): string {
  const error: PluginError | undefined = result.success ? undefined : result.error;
  return error?.code ?? 'ok';
}
`;
writeFileSync(join(app, 'types.mts'), typeImports(entries));
writeFileSync(join(app, 'types.cts'), typeImports(cjsEntries));
writeFileSync(join(app, 'types.ts'), typeImports(entries));
const base = {
  strict: true,
  noEmit: true,
  skipLibCheck: false,
  types: ['node'],
  target: 'ES2022',
  lib: ['ES2023', 'ESNext.Disposable'],
};
const configs = {
  'tsconfig.node16.json': {
    compilerOptions: { ...base, module: 'node16', moduleResolution: 'node16' },
    files: ['types.mts', 'types.cts'],
  },
  'tsconfig.bundler.json': {
    compilerOptions: { ...base, module: 'esnext', moduleResolution: 'bundler' },
    files: ['types.ts'],
  },
};
// The compilers a consumer may use: the current TypeScript, the TypeScript 7 native compiler,
// and the oldest TypeScript the packages support (5.4: the first with `NoInfer`, which zod 4's
// types use). Each typechecks every entry under every resolution it has.
const modules = join(root, 'node_modules');
const compilers = [
  { name: 'TypeScript 5.9', bin: join(modules, 'typescript', 'bin', 'tsc'), expect: /^5\.9\./ },
  {
    name: 'TypeScript 7 native',
    bin: join(modules, '@typescript', 'native-preview', 'bin', 'tsgo'),
    expect: /^7\./,
  },
  {
    name: 'TypeScript 5.4 (minimum)',
    bin: join(modules, 'typescript-min', 'bin', 'tsc'),
    expect: /^5\.4\./,
  },
];
for (const [file, config] of Object.entries(configs)) {
  writeFileSync(join(app, file), JSON.stringify(config, null, 2));
}
for (const { name, bin, expect } of compilers) {
  const version = run(process.execPath, [bin, '--version'], app)
    .trim()
    .replace(/^Version /, '');
  if (!expect.test(version)) throw new Error(`${name}: expected ${expect}, found ${version}`);
  for (const file of Object.keys(configs)) {
    run(process.execPath, [bin, '-p', file], app);
    console.log(`${name} (${version}, ${file.split('.')[1]}): every entry typechecks`);
  }
}

if (keep) console.log(`kept ${work}`);
else rmSync(work, { recursive: true, force: true });
console.log('consumer check passed');
