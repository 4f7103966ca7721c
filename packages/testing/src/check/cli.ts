import { parseArgs } from 'node:util';
import { createManualClock, systemClock } from '@leanvibe/core/contracts';
import type { TaskSpec } from '@leanvibe/testing';
import { CheckUsageError, isCheckUsageError } from './errors.js';
import { formatCheckTable, shouldColor } from './format.js';
import { loadPluginModule } from './load-plugin-module.js';
import { checkPlugin, type PluginCheckOptions } from './run-checks.js';

/** Where {@link runCheckCli} writes, and what it knows of its terminal. */
export interface CheckCliIo {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
  /** Whether stdout is a terminal (colour is used only there, unless the environment says). */
  readonly isTTY?: boolean;
  /** `NO_COLOR` and `FORCE_COLOR` are read from it. @default {} */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** The usage text of `leanvibe-plugin`. */
export const CHECK_USAGE = `Usage: leanvibe-plugin check <module> [options]

Loads a built plugin module and runs the PluginTestFramework checks on it.

Options:
  --json                 print the result as JSON
  --clock manual|system  the clock verdicts are judged on (default: manual)
  --task <json>          a task the plugin completes: {"type"?: string, "params": ...}
  --slow-task <json>     a task that takes a while, for the cancellation check
  --failing-task <json>  a task that fails, for the error handling check
  --cancel-within-ms <n> time allowed from an abort to the result (default: 100)
  --timeout-ms <n>       time one initialize, cleanup or task may take (default: 30000)
  -h, --help             show this help

Exit codes: 0 every check passed, 1 a check failed, 2 a usage error.
`;

function usage(message: string): CheckUsageError {
  return new CheckUsageError('TESTING_CHECK_USAGE', message);
}

function taskSpec(flag: string, text: string | undefined): TaskSpec | undefined {
  if (text === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw usage(`--${flag} must be JSON, got ${text}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value) || !('params' in value)) {
    throw usage(`--${flag} must be a JSON object with "params" (and an optional "type")`);
  }
  const type = (value as { type?: unknown }).type;
  if (type !== undefined && typeof type !== 'string')
    throw usage(`--${flag}: "type" must be a string`);
  return value as TaskSpec;
}

function count(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(value)) {
    throw usage(`--${flag} must be a whole number of milliseconds, got ${text}`);
  }
  return value;
}

function parse(argv: readonly string[]) {
  try {
    return parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        json: { type: 'boolean' },
        clock: { type: 'string' },
        task: { type: 'string' },
        'slow-task': { type: 'string' },
        'failing-task': { type: 'string' },
        'cancel-within-ms': { type: 'string' },
        'timeout-ms': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    // parseArgs' messages run over several lines; the first names the flag.
    throw usage((error as Error).message.split('\n')[0] ?? 'invalid arguments');
  }
}

function options(values: ReturnType<typeof parse>['values']): PluginCheckOptions {
  const clock = values.clock ?? 'manual';
  if (clock !== 'manual' && clock !== 'system') {
    throw usage(`--clock must be manual or system, got ${clock}`);
  }
  const entries = {
    clock: clock === 'manual' ? createManualClock() : systemClock,
    task: taskSpec('task', values.task),
    slowTask: taskSpec('slow-task', values['slow-task']),
    failingTask: taskSpec('failing-task', values['failing-task']),
    cancelWithinMs: count('cancel-within-ms', values['cancel-within-ms']),
    settleTimeoutMs: count('timeout-ms', values['timeout-ms']),
  };
  return Object.fromEntries(
    Object.entries(entries).filter(([, value]) => value !== undefined),
  ) as PluginCheckOptions;
}

/**
 * The `leanvibe-plugin` command: `check <module>` loads the module, runs `checkPlugin` and
 * prints a table (coloured on a terminal) or, with `--json`, the result as JSON. Resolves with
 * the exit code: 0 when every check passed, 1 when one failed, 2 for a usage error (one line
 * on stderr, nothing on stdout).
 *
 * @example
 * ```ts
 * process.exitCode = await runCheckCli(process.argv.slice(2), process);
 * ```
 */
export async function runCheckCli(argv: readonly string[], io: CheckCliIo): Promise<number> {
  try {
    const { values, positionals } = parse(argv);
    if (values.help === true) {
      io.stdout.write(CHECK_USAGE);
      return 0;
    }
    const [command, specifier, ...rest] = positionals;
    if (command !== 'check') {
      throw usage(
        command === undefined
          ? 'missing command: leanvibe-plugin check <module>'
          : `unknown command ${command}: leanvibe-plugin check <module>`,
      );
    }
    if (specifier === undefined) throw usage('missing module: leanvibe-plugin check <module>');
    if (rest.length > 0) throw usage(`unexpected argument ${rest[0]}`);
    const checkOptions = options(values);
    const source = await loadPluginModule(specifier);
    const result = await checkPlugin(source, checkOptions);
    if (values.json === true) {
      io.stdout.write(`${JSON.stringify({ module: specifier, ...result }, null, 2)}\n`);
    } else {
      io.stdout.write(formatCheckTable(result, { color: shouldColor(io.isTTY, io.env ?? {}) }));
    }
    return result.passed ? 0 : 1;
  } catch (error) {
    if (!isCheckUsageError(error)) throw error;
    io.stderr.write(`leanvibe-plugin: ${error.message}\n`);
    return 2;
  }
}
