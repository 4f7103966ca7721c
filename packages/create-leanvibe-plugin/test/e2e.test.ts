// The scaffolder's promise, end to end: for each plugin type, generate a package with every
// SDK package wired in, point its @leanvibe dependencies at this workspace's packed tarballs,
// install from the local pnpm store, then build, typecheck, test and `leanvibe-plugin check` it.
// All generated packages share one temporary pnpm workspace, so there is one install.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { PLUGIN_TYPES, type PluginType, SDK_PACKAGES } from '../src/options.js';
import { eachLimited, run, runOk } from './support/run.js';

const packagesDir = fileURLToPath(new URL('../../', import.meta.url));
const workspaceRoot = fileURLToPath(new URL('../../../', import.meta.url));
const bin = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const PACKED = ['core', 'testing', ...SDK_PACKAGES];

// Node 20 (the line CI runs the whole suite on) covers every plugin type. The other lines
// (22 and 24) cover two, one of each module format, to keep CI within its time: each still
// makes a full round trip — generate, install, build, typecheck, test, check.
const major = Number(process.versions.node.split('.')[0]);
const TYPES: readonly PluginType[] = major === 20 ? PLUGIN_TYPES : ['workflow', 'analytics'];

const work = mkdtempSync(join(tmpdir(), 'create-leanvibe-plugin-e2e-'));
afterAll(() => {
  if (process.env.LEANVIBE_E2E_KEEP === undefined)
    rmSync(work, { recursive: true, force: true, maxRetries: 5 });
  else console.log(`kept ${work}`);
});

function viteOverride(): string {
  const yaml = readFileSync(join(workspaceRoot, 'pnpm-workspace.yaml'), 'utf8');
  const match = /^\s+vite:\s*(\S+)/m.exec(yaml);
  if (match?.[1] === undefined) throw new Error('pnpm-workspace.yaml pins no vite override');
  return match[1];
}

async function packWorkspace(tarballs: string): Promise<Record<string, string>> {
  const overrides: Record<string, string> = {};
  await eachLimited(PACKED, 2, async (name) => {
    const ran = await runOk('pnpm', ['pack', '--pack-destination', tarballs, '--json'], {
      cwd: join(packagesDir, name),
    });
    overrides[`@leanvibe/${name}`] =
      `file:${(JSON.parse(ran.stdout) as { filename: string }).filename}`;
  });
  return overrides;
}

describe(`create-leanvibe-plugin, end to end (${TYPES.length} plugin types on Node ${major})`, () => {
  it('generates packages that install, build, typecheck, pass their tests and pass leanvibe-plugin check', {
    timeout: 600_000,
  }, async () => {
    const started = Date.now();
    const lap = (what: string) =>
      console.log(`${what}: ${Math.round((Date.now() - started) / 1000)} s`);
    const tarballs = join(work, 'tarballs');
    const root = join(work, 'plugins');
    mkdirSync(tarballs);
    mkdirSync(root);
    const overrides = await packWorkspace(tarballs);
    lap('packed');
    const store = (await runOk('pnpm', ['store', 'path'], { cwd: workspaceRoot })).stdout.trim();
    writeFileSync(
      join(root, 'package.json'),
      `${JSON.stringify({ name: 'e2e', private: true }, null, 2)}\n`,
    );
    writeFileSync(
      join(root, 'pnpm-workspace.yaml'),
      [
        'packages:',
        "  - '*'",
        'onlyBuiltDependencies:',
        '  - esbuild',
        'overrides:',
        `  vite: ${viteOverride()}`,
        ...Object.entries(overrides).map(([name, spec]) => `  '${name}': '${spec}'`),
        '',
      ].join('\n'),
    );

    for (const [i, type] of TYPES.entries()) {
      const format = i % 2 === 0 ? 'esm' : 'dual';
      const created = await runOk(
        process.execPath,
        [
          bin,
          `${type}-plugin`,
          '--type',
          type,
          '--packages',
          SDK_PACKAGES.join(','),
          '--format',
          format,
          '--no-install',
        ],
        { cwd: root, env: { ...process.env, npm_config_user_agent: 'pnpm/10 node/v20' } },
      );
      expect(created.stdout).toContain(`Created ${type}-plugin (a ${type} plugin)`);
    }

    // The tools and zod come from the local store; metadata the store lacks comes from the
    // registry's cache or, only then, the registry.
    await runOk(
      'pnpm',
      ['install', '--prefer-offline', '--store-dir', store, '--reporter=append-only'],
      {
        cwd: root,
        env: { ...process.env, CI: '1' },
      },
    );

    lap('installed');
    const dirs = TYPES.map((type) => join(root, `${type}-plugin`));
    await eachLimited(dirs, 2, async (dir) => {
      await runOk('pnpm', ['run', 'build'], { cwd: dir });
      await runOk('pnpm', ['run', 'typecheck'], { cwd: dir });
      const tested = await runOk('pnpm', ['run', 'test'], { cwd: dir });
      expect(tested.stdout).toMatch(/Tests\s.*\d+ passed/);
      const checked = await run('pnpm', ['run', '--silent', 'check', '--json'], { cwd: dir });
      expect(checked.stderr).toBe('');
      const result = JSON.parse(checked.stdout) as {
        passed: boolean;
        checks: { check: string; status: string; summary: string }[];
      };
      expect(result.checks.filter((c) => c.status !== 'passed')).toEqual([]);
      expect(result.passed).toBe(true);
      expect(checked.code).toBe(0);
    });
    lap('built, typechecked, tested and checked');
    for (const [i, dir] of dirs.entries()) {
      const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
      expect(manifest.exports['.'].require !== undefined).toBe(i % 2 === 1);
    }
  });
});
