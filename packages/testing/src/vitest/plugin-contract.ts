import {
  createManualClock,
  describeValue,
  isPluginValidationError,
} from '@leanvibe/core/contracts';
import { PluginTestFramework, type TaskSpec, type TestablePlugin } from '@leanvibe/testing';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';

/** Options of {@link pluginContract}. */
export interface PluginContractOptions {
  /** A task the plugin completes successfully. @default derived from its zod 4 params schema */
  readonly task?: TaskSpec;
  /** A task that takes a while, to check cancellation; without it that check is not registered. */
  readonly slowTask?: TaskSpec;
  /** Clock time allowed between an abort and the result. @default 100 */
  readonly cancelWithinMs?: number;
  /** Params the plugin must reject. @default derived from its zod 4 params schema */
  readonly invalidParams?: readonly unknown[];
}

/**
 * Registers a vitest suite every plugin must pass: it initialises within Epic 1's budget,
 * `execute` never throws (whatever the params), the result names its plugin and task, invalid
 * params fail with `PLUGIN_VALIDATION` listing the issues, cancellation is honoured within a
 * bound (with `slowTask`), and cleanup is idempotent and releases what initialize took.
 * Time runs on a manual clock, so every verdict is deterministic.
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
  const setup = async () => {
    const framework = new PluginTestFramework({ clock: createManualClock() });
    const plugin = await makePlugin();
    live.push(plugin);
    return { framework, plugin };
  };

  describe('plugin contract', () => {
    afterEach(async () => {
      for (const plugin of live.splice(0)) if (plugin.isInitialized) await plugin.cleanup();
    });

    it('initializes within the Epic 1 budget', async () => {
      const { framework, plugin } = await setup();
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
      const report = await framework.testTaskExecution(
        plugin,
        options.task ? { task: options.task } : {},
      );
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
