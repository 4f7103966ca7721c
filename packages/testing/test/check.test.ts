// `leanvibe-plugin check`, run in process on built plugin modules: a good plugin passes every
// check, and each broken one fails exactly the check that names its defect.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { definePlugin } from '@leanvibe/core';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  CHECK_USAGE,
  type CheckCliIo,
  checkPlugin,
  formatCheckTable,
  isCheckUsageError,
  loadPluginModule,
  PLUGIN_CHECKS,
  type PluginCheckResult,
  runCheckCli,
  shouldColor,
} from '../src/check/index.js';

const fixture = (name: string): string =>
  fileURLToPath(new URL(`./fixtures/check/${name}.mjs`, import.meta.url));

async function cli(argv: readonly string[], io: Partial<CheckCliIo> = {}) {
  let stdout = '';
  let stderr = '';
  const code = await runCheckCli(argv, {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    ...io,
  });
  return { code, stdout, stderr };
}

async function json(name: string): Promise<PluginCheckResult & { module: string }> {
  const run = await cli(['check', fixture(name), '--json']);
  return { ...JSON.parse(run.stdout), exitCode: run.code };
}

const failedChecks = (result: PluginCheckResult) =>
  result.checks.filter((c) => c.status === 'failed').map((c) => c.check);

describe('leanvibe-plugin check', () => {
  it('passes a good plugin on every check and exits 0', async () => {
    const run = await cli(['check', fixture('good')]);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    for (const check of PLUGIN_CHECKS)
      expect(run.stdout).toMatch(new RegExp(`${check}\\s+✓ passed`));
    expect(run.stdout).toContain('9 of 9 checks passed');
  });

  it.each([
    ['init-throws', 'initialization', 'initialize() rejected: cannot reach the warehouse'],
    [
      'ignores-signal',
      'cancellation',
      'the cancelled task reported success: does it ignore task.signal?',
    ],
    ['cleanup-hangs', 'cleanup', 'cleanup() did not settle within 30000 ms of clock time'],
    ['accepts-anything', 'paramsValidation', 'the params schema accepts anything'],
  ])('fails %s on exactly the %s check, saying why', async (name, check, reason) => {
    const result = await json(name);
    expect(failedChecks(result)).toEqual([check]);
    const failed = result.checks.find((c) => c.check === check);
    expect(failed?.summary).toContain(reason);
    expect(failed?.errors.join('\n')).toContain(reason);
    expect(result.passed).toBe(false);
    expect((result as unknown as { exitCode: number }).exitCode).toBe(1);
  });

  it('skips every other check when the plugin cannot initialise', async () => {
    const result = await json('init-throws');
    expect(result.checks.map((c) => c.status)).toEqual(['failed', ...Array(8).fill('skipped')]);
    expect(result.checks[1]?.summary).toBe('not run: the plugin did not initialise');
  });

  it('prints JSON for machines: the module, the plugin and each check with its metrics', async () => {
    const result = await json('good');
    expect(result.module).toBe(fixture('good'));
    expect(result.pluginId).toBe('summer');
    expect(result.passed).toBe(true);
    expect(result.checks.map((c) => c.check)).toEqual([...PLUGIN_CHECKS]);
    const memory = result.checks.find((c) => c.check === 'memory');
    expect(memory?.metrics.iterations).toBe(200);
  });

  it('checks a module exporting a plugin instance as `plugin`', async () => {
    const run = await cli(['check', fixture('instance')]);
    expect(run.code).toBe(0);
  });

  it('takes the tasks of the checks from flags', async () => {
    const result = await cli([
      'check',
      fixture('good'),
      '--json',
      '--task={"params":{"values":[1,2]}}',
      '--slow-task={"params":{"values":[3]}}',
      '--failing-task={"type":"sum","params":{"values":"x"}}',
      '--cancel-within-ms=50',
      '--timeout-ms=1000',
      '--clock=manual',
    ]);
    expect(result.code).toBe(0);
    const checks = (JSON.parse(result.stdout) as PluginCheckResult).checks;
    expect(checks.find((c) => c.check === 'cancellation')?.metrics).toMatchObject({
      withinMs: 50,
      settledBeforeAbort: false,
    });
  });

  it('says so when the task it cancels finishes first, and passes', async () => {
    const instant = () =>
      definePlugin({
        name: 'instant',
        version: '1.0.0',
        type: 'custom',
        taskTypes: ['now'],
        sdk: '^0.1.0',
        params: z.object({ n: z.number().int() }),
        handle: (task) => task.params.n,
      });
    const result = await checkPlugin(instant);
    const cancellation = result.checks.find((c) => c.check === 'cancellation');
    expect(cancellation?.status).toBe('passed');
    expect(cancellation?.metrics.settledBeforeAbort).toBe(true);
    expect(cancellation?.summary).toContain('finished before it could be cancelled');
    expect(result.passed).toBe(true);
  });

  it.each([
    [['check'], 'missing module: leanvibe-plugin check <module>'],
    [[], 'missing command: leanvibe-plugin check <module>'],
    [['lint', 'x.js'], 'unknown command lint'],
    [['check', 'a.js', 'b.js'], 'unexpected argument b.js'],
    [['check', 'a.js', '--colour'], "Unknown option '--colour'"],
    [['check', 'a.js', '--clock=sundial'], '--clock must be manual or system, got sundial'],
    [['check', 'a.js', '--task={'], '--task must be JSON'],
    [['check', 'a.js', '--task=[]'], '--task must be a JSON object with "params"'],
    [
      ['check', 'a.js', '--slow-task={"type":1,"params":{}}'],
      '--slow-task: "type" must be a string',
    ],
    [['check', 'a.js', '--timeout-ms=-5'], '--timeout-ms must be a whole number of milliseconds'],
    [['check', './no-such-plugin.mjs'], 'cannot import ./no-such-plugin.mjs'],
    [['check', fixture('not-a-plugin')], 'has no default or `plugin` export that is a plugin'],
  ])('refuses %j with one line on stderr and exit code 2', async (argv, message) => {
    const run = await cli(argv);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(message);
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(run.stderr.startsWith('leanvibe-plugin: ')).toBe(true);
  });

  it('prints its usage with --help', async () => {
    const run = await cli(['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(CHECK_USAGE);
  });

  it('throws typed errors from loadPluginModule', async () => {
    const error = await loadPluginModule('').catch((e: unknown) => e);
    expect(isCheckUsageError(error) && error.code).toBe('TESTING_CHECK_USAGE');
    const factory = await loadPluginModule(fixture('good'));
    expect(factory.create).toBeTypeOf('function');
    expect((await factory.create?.())?.pluginId).toBe('summer');
  });

  it('refuses what is not a plugin or a task spec', async () => {
    await expect(checkPlugin(42 as never)).rejects.toThrow('`source` must be a plugin');
    const { plugin } = await loadPluginModule(fixture('instance'));
    await expect(checkPlugin(plugin, { task: 'x' as never })).rejects.toThrow('`task` must be');
    await expect(checkPlugin(async () => ({}) as never)).rejects.toThrow('a plugin');
  });
});

describe('colour', () => {
  it.each([
    [true, {}, true],
    [false, {}, false],
    [undefined, {}, false],
    [true, { NO_COLOR: '1' }, false],
    [true, { NO_COLOR: '' }, true],
    [false, { FORCE_COLOR: '1' }, true],
    [true, { FORCE_COLOR: '0' }, false],
    [false, { FORCE_COLOR: '' }, false],
  ])('isTTY %s with %j colours: %s', (isTTY, env, expected) => {
    expect(shouldColor(isTTY, env)).toBe(expected);
  });

  it('colours the status column on a terminal and nowhere else', async () => {
    const tty = await cli(['check', fixture('ignores-signal')], { isTTY: true });
    expect(tty.stdout).toContain('\u001b[31m✗ failed');
    expect(tty.stdout).toContain('\u001b[32m✓ passed');
    const piped = await cli(['check', fixture('ignores-signal')], { isTTY: false });
    expect(piped.stdout).not.toContain('\u001b[');
  });

  it('formats skipped rows and a verdict', () => {
    const table = formatCheckTable(
      {
        pluginId: 'p',
        passed: false,
        checks: [
          {
            check: 'initialization',
            status: 'failed',
            summary: 'boom',
            errors: ['boom'],
            metrics: {},
          },
          { check: 'cleanup', status: 'skipped', summary: 'not run', errors: [], metrics: {} },
        ],
      },
      { color: true },
    );
    expect(table).toContain('\u001b[33m- skipped');
    expect(table).toContain('1 of 2 checks failed, 1 skipped');
  });
});

describe('the leanvibe-plugin bin', () => {
  const bin = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
  const run = (args: readonly string[], env: Record<string, string> = {}) => {
    try {
      const stdout = execFileSync(process.execPath, [bin, ...args], {
        encoding: 'utf8',
        env: { ...process.env, NO_COLOR: '', FORCE_COLOR: '', ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      return { code: 0, stdout, stderr: '' };
    } catch (error) {
      const e = error as { status: number; stdout: string; stderr: string };
      return { code: e.status, stdout: e.stdout, stderr: e.stderr };
    }
  };

  it('exits 0, 1 and 2, and writes plain text to a pipe', () => {
    const good = run(['check', fixture('good')]);
    expect(good.code).toBe(0);
    expect(good.stdout).toContain('9 of 9 checks passed');
    expect(good.stdout).not.toContain('\u001b[');
    expect(run(['check', fixture('accepts-anything')]).code).toBe(1);
    const usage = run(['check', fixture('good'), '--verbose']);
    expect(usage).toMatchObject({ code: 2, stdout: '' });
    expect(usage.stderr).toMatch(/^leanvibe-plugin: Unknown option '--verbose'[^\n]*\n$/);
  });

  it('colours a pipe when FORCE_COLOR says so', () => {
    expect(run(['check', fixture('good')], { FORCE_COLOR: '1' }).stdout).toContain('\u001b[32m');
  });
});
