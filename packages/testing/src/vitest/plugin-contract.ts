import {
  type Clock,
  createManualClock,
  describeValue,
  isPluginValidationError,
} from '@leanvibe/core/contracts';
import {
  createTestHost,
  drive,
  isManualClock,
  PluginTestFramework,
  paramsArbitrary,
  type TaskSpec,
  type TestablePlugin,
} from '@leanvibe/testing';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';

/** Options of {@link pluginContract}. */
export interface PluginContractOptions {
  /** Names the suite: `<name> (plugin contract)`. @default 'plugin' */
  readonly name?: string;
  /** A task the plugin completes successfully. @default derived from its zod 4 params schema */
  readonly task?: TaskSpec;
  /** A task that takes a while, to check cancellation; without it that check is not registered. */
  readonly slowTask?: TaskSpec;
  /** Clock time allowed between an abort and the result. @default 100 */
  readonly cancelWithinMs?: number;
  /** Params the plugin must reject. @default derived from its zod 4 params schema */
  readonly invalidParams?: readonly unknown[];
  /**
   * The plugins the plugin's `manifest.dependencies` name, to register beside it in the host
   * check. @default none
   */
  readonly dependencies?: () => readonly TestablePlugin[] | Promise<readonly TestablePlugin[]>;
  /**
   * The clock task checks, cancellation and the host check run on, made afresh for each check.
   * A manual clock makes every verdict deterministic; a plugin that waits on real I/O (sockets,
   * files, key derivation) needs `() => systemClock`, with a `cancelWithinMs` wide enough for a
   * busy machine. Start-up is always judged on a manual clock: it should do no I/O.
   * @default () => createManualClock()
   */
  readonly clock?: () => Clock;
}

/** The task of the contract's success checks: given, or params derived from the schema. */
function successTask(plugin: TestablePlugin, task: TaskSpec | undefined): Required<TaskSpec> {
  const type = task?.type ?? plugin.manifest.taskTypes[0] ?? 'test';
  if (task !== undefined) return { type, params: task.params };
  const params =
    plugin.manifest.params === undefined
      ? {}
      : fc.sample(paramsArbitrary(plugin), { numRuns: 1, seed: 0x1eaf })[0];
  return { type, params };
}

/**
 * Registers a vitest suite every plugin must pass: it initialises within Epic 1's budget,
 * `execute` never throws (whatever the params), the result names its plugin and task, invalid
 * params fail with `PLUGIN_VALIDATION` listing the issues, cancellation is honoured within a
 * bound (with `slowTask`), cleanup is idempotent and releases what initialize took, and the
 * real `PluginHost` of `@leanvibe/core` accepts its manifest, starts it, runs its task and
 * closes it (`isInitialized` false afterwards, no clock timer left).
 * Time runs on a manual clock unless `clock` says otherwise, so every verdict is deterministic.
 *
 * @example
 * ```ts
 * pluginContract(() => createSumPlugin(), { slowTask: { params: { values: [1], delayMs: 500 } } });
 * ```
 */
export function pluginContract(
  makePlugin: () => TestablePlugin | Promise<TestablePlugin>,
  options: PluginContractOptions = {},
): void {
  const live: TestablePlugin[] = [];
  const makeClock = options.clock ?? createManualClock;
  const setup = async (clock: Clock = makeClock()) => {
    const framework = new PluginTestFramework({ clock });
    const plugin = await makePlugin();
    live.push(plugin);
    return { framework, plugin };
  };

  describe(`${options.name ?? 'plugin'} (plugin contract)`, () => {
    afterEach(async () => {
      for (const plugin of live.splice(0)) if (plugin.isInitialized) await plugin.cleanup();
    });

    it('initializes within the Epic 1 budget', async () => {
      const { framework, plugin } = await setup(createManualClock());
      const report = await framework.testPluginInitialization(plugin);
      expect(report.errors).toEqual([]);
    });

    it('never throws from execute, whatever the params', async () => {
      const { framework, plugin } = await setup();
      const type = options.task?.type ?? plugin.manifest.taskTypes[0] ?? 'test';
      const samples = fc.sample(fc.anything(), { numRuns: 25, seed: 7 });
      for (const params of [undefined, null, {}, [], 'text', ...samples]) {
        const result = await framework.testTaskExecution(plugin, { task: { type, params } });
        const threw = result.errors.find((e) => e.startsWith('execute() threw'));
        expect(threw, `params ${describeValue(params)}`).toBeUndefined();
      }
    });

    it('returns a result naming its plugin and task', async () => {
      const { framework, plugin } = await setup();
      const report = await framework.testTaskExecution(plugin, {
        task: successTask(plugin, options.task),
      });
      expect(report.errors).toEqual([]);
    });

    it('rejects invalid params with PLUGIN_VALIDATION listing the issues', async () => {
      const { framework, plugin } = await setup();
      if (plugin.manifest.params === undefined && options.invalidParams === undefined) {
        // Nothing is invalid for a plugin that declares no params schema.
        expect(plugin.manifest.params).toBeUndefined();
        return;
      }
      const report = await framework.testParamsValidation(plugin, {
        ...(options.invalidParams === undefined
          ? {}
          : { invalid: options.invalidParams, valid: [] }),
        ...(options.task?.type === undefined ? {} : { type: options.task.type }),
      });
      expect(report.errors).toEqual([]);
      expect(report.results.some((r) => !r.success && isPluginValidationError(r.error))).toBe(true);
    });

    const slowTask = options.slowTask;
    if (slowTask !== undefined) {
      it(`honours cancellation within ${options.cancelWithinMs ?? 100} ms`, async () => {
        const { framework, plugin } = await setup();
        const report = await framework.testCancellation(plugin, {
          task: slowTask,
          withinMs: options.cancelWithinMs ?? 100,
        });
        expect(report.errors).toEqual([]);
      });
    }

    it('runs in a real PluginHost: registered, started, serving its task, closed', async () => {
      const plugin = await makePlugin();
      live.push(plugin);
      const clock = makeClock();
      const dependencies = (await options.dependencies?.()) ?? [];
      const booted = await drive(
        clock,
        createTestHost({ plugins: [...dependencies, plugin], overrides: { clock } }),
        { withinMs: 600_000 },
      );
      if (booted.state !== 'fulfilled') {
        expect.fail(
          booted.state === 'rejected'
            ? `the host refused the plugin: ${String((booted.reason as Error)?.message ?? booted.reason)}`
            : 'the host did not start within 600000 ms of clock time',
        );
      }
      const testHost = booted.value;
      try {
        expect(plugin.isInitialized).toBe(true);
        const { type, params } = successTask(plugin, options.task);
        const settled = await drive(clock, testHost.execute(type, params), { withinMs: 600_000 });
        expect(settled.state).toBe('fulfilled');
        const result = settled.state === 'fulfilled' ? settled.value : undefined;
        expect(result).toMatchObject({ success: true, pluginId: plugin.pluginId });
      } finally {
        await drive(clock, testHost.close(), { withinMs: 600_000 });
      }
      expect(plugin.isInitialized).toBe(false);
      if (isManualClock(clock)) expect(clock.pendingTimers()).toBe(0);
    });

    it('cleans up idempotently, releasing what initialize took', async () => {
      const { framework, plugin } = await setup();
      const report = await framework.testPluginCleanup(
        plugin,
        options.task === undefined ? {} : { tasks: [options.task] },
      );
      expect(report.errors).toEqual([]);
    });
  });
}
