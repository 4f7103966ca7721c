import { definePlugin } from '@leanvibe/core';
import {
  abortReason,
  type Clock,
  isPluginError,
  type PluginContext,
  PluginExecutionError,
  type PluginManifest,
  PluginValidationError,
  type Task,
  type TaskResult,
  toError,
} from '@leanvibe/core/contracts';
import * as z from 'zod';
import type { TestablePlugin } from '../../src/index.js';

export const sumParams = z.object({
  values: z.array(z.number().int().min(-1000).max(1000)).max(50),
  delayMs: z.number().int().min(0).max(5000).optional(),
});
export type SumParams = z.infer<typeof sumParams>;
export interface SumResult {
  readonly sum: number;
  readonly count: number;
}

export interface Flaws {
  /** execute() throws when the work fails, instead of returning a failed result. */
  readonly throwsFromExecute?: boolean;
  /** The delay does not listen to task.signal. */
  readonly ignoresSignal?: boolean;
  /** cleanup() forgets the interval started by initialize(). */
  readonly leaksTimer?: boolean;
  /** Each task keeps 64 KiB forever. */
  readonly retainsMemory?: boolean;
  /** Params are not validated. */
  readonly skipsValidation?: boolean;
  /** Concurrent tasks read each other's params. */
  readonly sharesState?: boolean;
  /** initialize() waits this long on the clock. */
  readonly initDelayMs?: number;
  /** Each task waits this long on the clock (honouring its signal). */
  readonly taskDelayMs?: number;
}

function sleep(clock: Clock, ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortReason(signal));
      return;
    }
    const onAbort = (): void => {
      clock.clearTimeout(timer);
      reject(abortReason(signal as AbortSignal));
    };
    const timer = clock.setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * A hand-written plugin, which can have flaws `PluginBase` rules out (throwing from `execute`,
 * skipping validation): it sums integers; the `explode` task type always fails. `flaws` turn it
 * into each bad plugin.
 */
export class SumPlugin implements TestablePlugin<SumParams, SumResult> {
  readonly manifest: PluginManifest<SumParams>;
  readonly retained: Uint8Array[] = [];
  timer: ReturnType<typeof setInterval> | undefined;
  #context: PluginContext | undefined;
  #unsubscribe: (() => void) | undefined;
  #unregister: (() => void) | undefined;
  #current: readonly number[] = [];
  #tasks = 0;

  constructor(
    readonly flaws: Flaws = {},
    name = 'summer',
  ) {
    this.manifest = {
      name,
      version: '1.0.0',
      type: 'data_processing',
      taskTypes: ['sum', 'explode'],
      sdk: '^0.1.0',
      params: sumParams,
    };
  }

  get pluginId(): string {
    return this.manifest.name;
  }

  get isInitialized(): boolean {
    return this.#context !== undefined;
  }

  async initialize(context: PluginContext): Promise<void> {
    if (this.flaws.initDelayMs !== undefined) await sleep(context.clock, this.flaws.initDelayMs);
    this.timer = setInterval(() => {}, 60_000);
    this.#unsubscribe = context.orchestrator.onTaskStatus(() => {});
    this.#unregister = context.metrics.registerCollector?.(() =>
      context.metrics.gauge('summer_tasks', this.#tasks),
    );
    this.#context = context;
  }

  async execute(task: Task<unknown>): Promise<TaskResult<SumResult>> {
    const context = this.#context;
    const base = { pluginId: this.pluginId, taskId: task.id };
    const start = context?.clock.now() ?? 0;
    const elapsed = (): number => (context?.clock.now() ?? 0) - start;
    try {
      if (context === undefined) throw new Error('not initialized');
      let params = task.params as SumParams;
      if (!this.flaws.skipsValidation) {
        const parsed = sumParams.safeParse(task.params);
        if (!parsed.success) {
          throw new PluginValidationError(`invalid params: ${parsed.error.message}`, {
            ...base,
            issues: parsed.error.issues.map((issue) => ({
              path: issue.path.map((key) => (typeof key === 'symbol' ? String(key) : key)),
              message: issue.message,
            })),
          });
        }
        params = parsed.data;
      }
      task.updateStatus('running', { progress: 0 });
      if (task.type === 'explode') throw new Error('the explode task always fails');
      this.#current = params.values;
      const delayMs = params.delayMs ?? this.flaws.taskDelayMs;
      if (delayMs !== undefined) {
        await sleep(context.clock, delayMs, this.flaws.ignoresSignal ? undefined : task.signal);
      } else if (this.flaws.sharesState) {
        await Promise.resolve();
      }
      const values = this.flaws.sharesState ? this.#current : params.values;
      if (this.flaws.retainsMemory) this.retained.push(new Uint8Array(64 * 1024).fill(1));
      this.#tasks++;
      context.metrics.counter('summer_tasks_total', 1, { type: task.type });
      task.updateStatus('succeeded', { progress: 1 });
      const data = { sum: values.reduce((a, b) => a + b, 0), count: values.length };
      return { ...base, success: true, data, executionTimeMs: elapsed() };
    } catch (thrown) {
      if (this.flaws.throwsFromExecute && task.type === 'explode') throw thrown;
      const error = isPluginError(thrown)
        ? thrown
        : new PluginExecutionError(toError(thrown).message, { ...base, cause: thrown });
      task.updateStatus('failed');
      return { ...base, success: false, error, executionTimeMs: elapsed() };
    }
  }

  async cleanup(): Promise<void> {
    if (!this.flaws.leaksTimer) clearInterval(this.timer);
    this.#unsubscribe?.();
    this.#unregister?.();
    this.#unsubscribe = undefined;
    this.#unregister = undefined;
    this.#context = undefined;
  }
}

/** Intervals started by {@link definedSumPlugin}s, for tests to clear whatever a flaw leaked. */
export const definedTimers = new Set<ReturnType<typeof setInterval>>();

/**
 * The same plugin written with core's `definePlugin`. `PluginBase` makes two of the flaws
 * impossible — `execute` never throws and always validates params — so `throwsFromExecute`
 * and `skipsValidation` are ignored here; the others turn it into each bad plugin.
 */
export function definedSumPlugin(flaws: Flaws = {}, name = 'summer') {
  let timer: ReturnType<typeof setInterval> | undefined;
  let unsubscribe: (() => void) | undefined;
  let unregister: (() => void) | undefined;
  let current: readonly number[] = [];
  let tasks = 0;
  const retained: Uint8Array[] = [];
  return definePlugin({
    name,
    version: '1.0.0',
    type: 'data_processing',
    taskTypes: ['sum', 'explode'],
    sdk: '^0.1.0',
    params: sumParams,
    async initialize(context) {
      if (flaws.initDelayMs !== undefined) await sleep(context.clock, flaws.initDelayMs);
      timer = setInterval(() => {}, 60_000);
      definedTimers.add(timer);
      unsubscribe = context.orchestrator.onTaskStatus(() => {});
      unregister = context.metrics.registerCollector?.(() =>
        context.metrics.gauge('summer_tasks', tasks),
      );
    },
    async handle(task, { plugin, signal }) {
      task.updateStatus('running', { progress: 0 });
      if (task.type === 'explode') throw new Error('the explode task always fails');
      current = task.params.values;
      const delayMs = task.params.delayMs ?? flaws.taskDelayMs;
      if (delayMs !== undefined) {
        await sleep(plugin.clock, delayMs, flaws.ignoresSignal ? undefined : signal);
      } else if (flaws.sharesState) {
        await Promise.resolve();
      }
      const values = flaws.sharesState ? current : task.params.values;
      if (flaws.retainsMemory) retained.push(new Uint8Array(64 * 1024).fill(1));
      tasks++;
      plugin.metrics.counter('summer_tasks_total', 1, { type: task.type });
      return { sum: values.reduce((a, b) => a + b, 0), count: values.length };
    },
    cleanup() {
      if (!flaws.leaksTimer) {
        clearInterval(timer);
        if (timer !== undefined) definedTimers.delete(timer);
      }
      unsubscribe?.();
      unregister?.();
    },
  });
}
