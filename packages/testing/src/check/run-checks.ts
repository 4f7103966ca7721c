import {
  type Clock,
  checkFiniteNumber,
  checkOptionsObject,
  createManualClock,
  invalidArgument,
} from '@leanvibe/core/contracts';
import {
  type CheckMetrics,
  type CheckName,
  type CheckReport,
  drive,
  type GcFunction,
  PluginTestFramework,
  type TaskSpec,
  type TestablePlugin,
} from '@leanvibe/testing';
import { forceGc } from './gc.js';
import { isTestablePlugin, type PluginSource } from './load-plugin-module.js';
import { summarize } from './summary.js';
import { unreadableParams } from './unreadable-params.js';

/** Options of {@link checkPlugin}. */
export interface PluginCheckOptions {
  /**
   * The clock plugins get and verdicts are judged on. A manual clock (the default) moves timer by
   * timer, so a plugin's waits cost no real time and verdicts are deterministic; give the
   * system clock for a plugin that waits on real I/O.
   * @default createManualClock()
   */
  readonly clock?: Clock;
  /** A task the plugin completes. @default params derived from its zod 4 params schema */
  readonly task?: TaskSpec;
  /**
   * A task that takes a while, to cancel. Without it the cancellation check cancels `task`, and
   * passes, saying so, when that finishes before the abort.
   */
  readonly slowTask?: TaskSpec;
  /** A task that fails. @default the plugin's task type with params that throw when read */
  readonly failingTask?: TaskSpec;
  /** Clock time allowed between an abort and the result. @default 100 */
  readonly cancelWithinMs?: number;
  /** Clock time one initialize, cleanup or task may take. @default 30000 */
  readonly settleTimeoutMs?: number;
  /** Forces a full GC for the memory checks. @default globalThis.gc, or one exposed at run time */
  readonly gc?: GcFunction;
}

/** How one check of {@link checkPlugin} ended; `skipped` when the plugin could not be initialised. */
export interface PluginCheckOutcome {
  readonly check: CheckName;
  readonly status: 'passed' | 'failed' | 'skipped';
  /** One line a person reads: what was measured, or the first problem. */
  readonly summary: string;
  /** Every problem, one sentence each; empty unless `failed`. */
  readonly errors: readonly string[];
  readonly metrics: CheckMetrics;
}

/** What {@link checkPlugin} returns. */
export interface PluginCheckResult {
  readonly pluginId: string;
  /** True when no check failed. */
  readonly passed: boolean;
  /** In the order they ran. */
  readonly checks: readonly PluginCheckOutcome[];
}

/** The checks {@link checkPlugin} runs, in order. */
export const PLUGIN_CHECKS: readonly CheckName[] = Object.freeze([
  'initialization',
  'taskExecution',
  'paramsValidation',
  'errorHandling',
  'cancellation',
  'concurrency',
  'performance',
  'memory',
  'cleanup',
]);

function outcome(report: CheckReport): PluginCheckOutcome {
  return Object.freeze({
    check: report.check,
    status: report.status,
    summary: summarize(report),
    errors: report.errors,
    metrics: report.metrics,
  });
}

function checkSpec(name: string, spec: TaskSpec | undefined): TaskSpec | undefined {
  if (spec === undefined) return undefined;
  if (typeof spec !== 'object' || spec === null || !('params' in spec)) {
    throw invalidArgument(name, 'a task spec { type?, params }', spec);
  }
  return spec;
}

/**
 * Runs every `PluginTestFramework` check on a plugin, in the order of {@link PLUGIN_CHECKS}:
 * initialisation, a task, valid and invalid params, error handling, cancellation, concurrency,
 * performance, memory and cleanup. A plugin that cannot be initialised fails the
 * initialisation check and skips the rest, so each defect fails the check that names it.
 * Given a factory (or a `PluginSource` with `create`), the cleanup check runs on a fresh plugin,
 * so what `initialize` acquires is counted too. Never throws for a plugin's misbehaviour.
 *
 * @example
 * ```ts
 * const result = await checkPlugin(createSumPlugin());
 * for (const check of result.checks) console.log(check.check, check.status, check.summary);
 * ```
 */
export async function checkPlugin(
  source: TestablePlugin | (() => TestablePlugin | Promise<TestablePlugin>) | PluginSource,
  options: PluginCheckOptions = {},
): Promise<PluginCheckResult> {
  const checked = checkOptionsObject('options', options);
  const task = checkSpec('task', checked.task);
  const slowTask = checkSpec('slowTask', checked.slowTask);
  const failing = checkSpec('failingTask', checked.failingTask);
  const withinMs = checkFiniteNumber('cancelWithinMs', checked.cancelWithinMs ?? 100, { min: 0 });
  const settleTimeoutMs = checkFiniteNumber('settleTimeoutMs', checked.settleTimeoutMs ?? 30_000, {
    min: 1,
  });
  const { plugin, create } = await resolveSource(source);
  const framework = new PluginTestFramework({
    clock: checked.clock ?? createManualClock(),
    gc: checked.gc ?? forceGc(),
    settleTimeoutMs,
  });
  const taskOption = task === undefined ? {} : { task };
  const checks: PluginCheckOutcome[] = [];
  const initialization = await framework.testPluginInitialization(plugin);
  checks.push(outcome(initialization));
  if (!plugin.isInitialized) {
    for (const check of PLUGIN_CHECKS.slice(1)) {
      checks.push(
        Object.freeze({
          check,
          status: 'skipped',
          summary: 'not run: the plugin did not initialise',
          errors: [],
          metrics: {},
        }),
      );
    }
    return result(plugin, checks);
  }
  const type = plugin.manifest.taskTypes[0];
  checks.push(outcome(await framework.testTaskExecution(plugin, taskOption)));
  checks.push(
    outcome(
      await framework.testParamsValidation(
        plugin,
        task?.type === undefined ? {} : { type: task.type },
      ),
    ),
  );
  checks.push(
    outcome(
      await framework.testErrorHandling(plugin, {
        task: failing ?? { ...(type === undefined ? {} : { type }), params: unreadableParams() },
      }),
    ),
  );
  checks.push(
    outcome(
      await framework.testCancellation(plugin, {
        withinMs,
        ...(slowTask === undefined
          ? { ...taskOption, allowSettledBeforeAbort: true }
          : { task: slowTask }),
      }),
    ),
  );
  checks.push(outcome(await framework.concurrencyTest(plugin, taskOption)));
  checks.push(outcome(await framework.performanceTest(plugin, taskOption)));
  checks.push(outcome(await framework.memoryTest(plugin, taskOption)));
  if (create === undefined) {
    checks.push(
      outcome(
        await framework.testPluginCleanup(plugin, task === undefined ? {} : { tasks: [task] }),
      ),
    );
  } else {
    // Clean the first plugin up (bounded: a cleanup that hangs is the next check's verdict).
    await drive(
      framework.clock,
      plugin.cleanup().catch(() => {}),
      { withinMs: settleTimeoutMs },
    );
    const fresh = await create();
    checks.push(
      outcome(
        await framework.testPluginCleanup(fresh, task === undefined ? {} : { tasks: [task] }),
      ),
    );
  }
  return result(plugin, checks);
}

function result(plugin: TestablePlugin, checks: PluginCheckOutcome[]): PluginCheckResult {
  return Object.freeze({
    pluginId: plugin.pluginId,
    passed: checks.every((check) => check.status !== 'failed'),
    checks: Object.freeze(checks),
  });
}

async function resolveSource(
  source: TestablePlugin | (() => TestablePlugin | Promise<TestablePlugin>) | PluginSource,
): Promise<PluginSource> {
  if (isTestablePlugin(source)) return { plugin: source, create: undefined };
  if (typeof source === 'function') {
    const create = async (): Promise<TestablePlugin> => {
      const made = await source();
      if (!isTestablePlugin(made)) throw invalidArgument('the factory result', 'a plugin', made);
      return made;
    };
    return { plugin: await create(), create };
  }
  if (typeof source === 'object' && source !== null && isTestablePlugin(source.plugin)) {
    return source;
  }
  throw invalidArgument('source', 'a plugin or a plugin factory', source);
}
