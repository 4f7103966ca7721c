import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type CreateCliIo,
  detectPackageManager,
  isScaffoldError,
  nameProblem,
  PLUGIN_TYPES,
  parseCliArgs,
  renderPlugin,
  resolveOptions,
  runCreateCli,
  TASK_KINDS,
  USAGE,
  VERSIONS,
  writePlugin,
} from '../src/index.js';

let cwd: string;
beforeEach(() => {
  cwd = mkdtempSync(join(tmpdir(), 'create-leanvibe-plugin-'));
});
afterEach(() => rmSync(cwd, { recursive: true, force: true }));

async function create(argv: readonly string[], io: Partial<CreateCliIo> = {}) {
  let stdout = '';
  let stderr = '';
  const code = await runCreateCli(argv, {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    cwd,
    ...io,
  });
  return { code, stdout, stderr };
}

const read = (path: string) => readFileSync(join(cwd, path), 'utf8');
const workspace = (path: string) =>
  JSON.parse(readFileSync(new URL(`../../../${path}`, import.meta.url), 'utf8'));

describe('create-leanvibe-plugin', () => {
  it('writes a package from flags alone, without a terminal', async () => {
    const run = await create([
      'acme',
      '--type',
      'security',
      '--packages',
      'pool,security',
      '--format',
      'dual',
      '--no-install',
    ]);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toContain('Created acme (a security plugin) in acme');
    expect(readdirSync(join(cwd, 'acme')).sort()).toEqual(
      [
        '.gitignore',
        'README.md',
        'package.json',
        'src',
        'test',
        'tsconfig.json',
        'tsup.config.ts',
        'vitest.config.ts',
      ].sort(),
    );
    const manifest = JSON.parse(read('acme/package.json'));
    expect(Object.keys(manifest.dependencies)).toEqual([
      '@leanvibe/core',
      '@leanvibe/pool',
      '@leanvibe/security',
      'zod',
    ]);
    expect(manifest.exports['.'].require.default).toBe('./dist/index.cjs');
    expect(read('acme/tsup.config.ts')).toContain("format: ['esm', 'cjs']");
    const source = read('acme/src/index.ts');
    expect(source).toContain("type: 'security',");
    expect(source).toContain("export const TASK_TYPE = 'scan';");
    expect(source).toContain("from '@leanvibe/pool'");
    expect(source).not.toContain('@leanvibe/resilience');
    expect(read('acme/test/contract.test.ts')).toContain('pluginContract(createAcmePlugin');
  });

  it('takes the defaults with --yes', async () => {
    const run = await create(['my-plugin', '--yes', '--no-install']);
    expect(run.code).toBe(0);
    const manifest = JSON.parse(read('my-plugin/package.json'));
    expect(manifest.name).toBe('my-plugin');
    expect(manifest.exports['.']).toEqual({
      types: './dist/index.d.ts',
      default: './dist/index.js',
    });
    expect(manifest.dependencies['@leanvibe/resilience']).toBeDefined();
    expect(manifest.devDependencies['@leanvibe/metrics']).toBeDefined();
    expect(read('my-plugin/src/index.ts')).toContain("type: 'workflow',");
  });

  it('pins exactly what the workspace pins, and ^ the @leanvibe versions', async () => {
    await create([
      'pins',
      '--yes',
      '--packages',
      'resilience,pool,decorators,security,metrics',
      '--no-install',
    ]);
    const manifest = JSON.parse(read('pins/package.json'));
    const all = { ...manifest.dependencies, ...manifest.devDependencies };
    const root = workspace('package.json').devDependencies;
    for (const tool of ['tsup', 'vitest', 'typescript', '@types/node'])
      expect(all[tool]).toBe(root[tool]);
    expect(all.zod).toBe(workspace('packages/core/package.json').dependencies.zod);
    expect(all['fast-check']).toBe(
      workspace('packages/testing/package.json').devDependencies['fast-check'],
    );
    for (const name of [
      'core',
      'testing',
      'resilience',
      'pool',
      'decorators',
      'security',
      'metrics',
    ]) {
      expect(all[`@leanvibe/${name}`]).toBe(
        `^${workspace(`packages/${name}/package.json`).version}`,
      );
    }
    expect(VERSIONS.tsup).toBe(root.tsup);
  });

  it('names the scoped package by its unscoped name', async () => {
    const run = await create(['--name', '@acme/stats', '--yes', '--no-install']);
    expect(run.code).toBe(0);
    expect(read('stats/src/index.ts')).toContain("name: 'stats',");
    expect(read('stats/README.md')).toContain("from '@acme/stats'");
  });

  it('installs with the package manager that ran it', async () => {
    const calls: string[] = [];
    const run = await create(['inst', '--yes'], {
      env: { npm_config_user_agent: 'pnpm/10.34.0 npm/? node/v20.20.2 linux x64' },
      install: async (pm, dir) => {
        calls.push(`${pm} ${dir}`);
        return true;
      },
    });
    expect(run.code).toBe(0);
    expect(calls).toEqual([`pnpm ${join(cwd, 'inst')}`]);
    expect(run.stdout).toContain('pnpm build && pnpm test && pnpm check');
    const failed = await create(['inst2', '--yes'], { install: async () => false });
    expect(failed.code).toBe(1);
    expect(failed.stderr).toBe(`create-leanvibe-plugin: npm install failed in inst2\n`);
  });

  it.each([
    [['--bogus'], "Unknown option '--bogus'"],
    [['a', 'b'], 'unexpected argument b: give one folder'],
    [
      ['--name', 'Bad Name', '--yes'],
      '"Bad Name" is not a valid npm package name: it has capital letters',
    ],
    [['x', '--yes', '--type', 'chat'], 'unknown plugin type "chat": choose one of workflow'],
    [['x', '--yes', '--packages', 'pool,queue'], 'unknown package "queue"'],
    [['x', '--yes', '--format', 'umd'], 'unknown format "umd"'],
    [['x', '--type', 'workflow'], 'missing --packages, --format: there is no terminal to ask'],
    [[], 'missing folder, --type, --packages, --format'],
    [['--yes'], 'missing folder'],
  ])('refuses %j with one line and exit code 2, writing nothing', async (argv, message) => {
    const run = await create(argv);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(run.stdout).toBe('');
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('refuses a folder that exists and is not empty, before asking anything', async () => {
    mkdirSync(join(cwd, 'taken'));
    writeFileSync(join(cwd, 'taken', 'notes.txt'), 'mine');
    const run = await create(['taken', '--yes'], { interactive: true });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      'create-leanvibe-plugin: taken exists and is not empty: choose a new folder or empty this one\n',
    );
    expect(readdirSync(join(cwd, 'taken'))).toEqual(['notes.txt']);
    writeFileSync(join(cwd, 'file'), '');
    expect((await create(['file', '--yes'])).stderr).toContain('file exists and is not a folder');
  });

  it('writes into a folder that exists and is empty', async () => {
    mkdirSync(join(cwd, 'empty'));
    expect((await create(['empty', '--yes', '--no-install'])).code).toBe(0);
    expect(existsSync(join(cwd, 'empty', 'src', 'index.ts'))).toBe(true);
  });

  it('prints its usage with --help', async () => {
    expect(await create(['--help'])).toEqual({ code: 0, stdout: USAGE, stderr: '' });
  });
});

describe('the pieces', () => {
  it.each([
    ['my-plugin', undefined],
    ['@acme/my.plugin_2', undefined],
    ['', 'it is empty'],
    ['My', 'it has capital letters'],
    ['a b', 'it has spaces'],
    ['.hidden', 'it starts with a dot or an underscore'],
    ['a/b', 'it may hold only'],
    ['node_modules', '"node_modules" is reserved'],
    ['fs', '"fs" is a Node.js built-in module'],
    ['x'.repeat(215), 'it is longer than 214 characters'],
  ])('nameProblem(%j) is %j', (name, problem) => {
    if (problem === undefined) expect(nameProblem(name)).toBeUndefined();
    else expect(nameProblem(name)).toContain(problem);
  });

  it('gives each plugin type its own task', () => {
    const seen = new Set<string>();
    for (const type of PLUGIN_TYPES) {
      const source = renderPlugin({ name: 'p', type }).find(
        (f) => f.path === 'src/index.ts',
      )?.contents;
      expect(source).toContain(`export const TASK_TYPE = '${TASK_KINDS[type].taskType}';`);
      seen.add(TASK_KINDS[type].taskType);
    }
    expect(seen.size).toBe(8);
  });

  it('parses --packages none and @leanvibe/ prefixes', () => {
    expect(parseCliArgs(['--packages', 'none']).packages).toEqual([]);
    expect(parseCliArgs(['--packages', '@leanvibe/pool, metrics']).packages).toEqual([
      'pool',
      'metrics',
    ]);
    expect(
      resolveOptions({ name: 'x', type: 'analytics', packages: ['metrics', 'pool', 'pool'] })
        .packages,
    ).toEqual(['pool', 'metrics']);
  });

  it('refuses options that are not options', () => {
    for (const bad of [
      null,
      { name: 'x', type: 'workflow', packages: 'pool' },
      { name: 1, type: 'workflow' },
    ]) {
      let error: unknown;
      try {
        resolveOptions(bad as never);
      } catch (e) {
        error = e;
      }
      expect(isScaffoldError(error)).toBe(true);
    }
    expect(isScaffoldError(new Error('x'))).toBe(false);
  });

  it('detects the package manager from its user agent', () => {
    expect(detectPackageManager('yarn/4.0.0 npm/? node/v20')).toBe('yarn');
    expect(detectPackageManager('bun/1.1.0')).toBe('bun');
    expect(detectPackageManager('npm/11.0.0 node/v20')).toBe('npm');
    expect(detectPackageManager(undefined)).toBe('npm');
  });

  it('never overwrites a file', async () => {
    const files = renderPlugin({ name: 'p', type: 'workflow' });
    await writePlugin(join(cwd, 'p'), files.slice(0, 1));
    await expect(writePlugin(join(cwd, 'p'), files)).rejects.toThrow('exists and is not empty');
  });
});
