import { checkFiniteNumber, checkInteger, checkOptionsObject } from '@leanvibe/core/contracts';

/** Options of {@link isolatedPlugin}. Every field is checked when the plugin is created. */
export interface IsolateOptions {
  /**
   * How many worker threads run copies of the plugin; the host's per-plugin concurrency is
   * spread over them (each task goes to the least busy one). @default 1
   */
  readonly workers?: number;
  /**
   * The V8 heap limit of each worker (`resourceLimits.maxOldGenerationSizeMb`), in MB. Past it
   * the worker is stopped and its tasks fail with `PLUGIN_MEMORY`.
   * @default the manifest's `limits.maxMemoryMb`, or no limit beyond Node's own
   */
  readonly memoryLimitMb?: number;
  /**
   * After a task's signal aborts (time-out, cancel, host close), how long its worker may take to
   * answer before it is terminated and replaced. @default 100
   */
  readonly abortGraceMs?: number;
  /** Budget of the plugin's module load in a new worker, in milliseconds. @default 30_000 */
  readonly loadTimeoutMs?: number;
  /**
   * Budget of the plugin's `cleanup` in each worker, in milliseconds; then the worker is
   * terminated whatever it is doing. Keep it within the host's `cleanupTimeoutMs`. @default 5_000
   */
  readonly cleanupTimeoutMs?: number;
  /** Crashes within `crashWindowMs` that mark the plugin failed. @default 5 */
  readonly maxCrashes?: number;
  /** The window `maxCrashes` counts in, in milliseconds. @default 60_000 */
  readonly crashWindowMs?: number;
  /** Delay before the first restart after a crash, doubling with each recent crash. @default 100 */
  readonly restartDelayMs?: number;
  /** The longest delay between restarts, in milliseconds. @default 5_000 */
  readonly maxRestartDelayMs?: number;
  /**
   * Once a worker's last task is done, how long it waits (blocked, on a counter in shared memory)
   * for its next one before it goes back to its event loop, in milliseconds, between 0 (off) and
   * 100. A task sent within that time starts without waiting for the worker's event loop to wake
   * up. Each wait lasts at most this long, and while tasks keep coming the worker's event loop
   * still turns at least every 2 ms, so the plugin's timers and I/O between tasks run at most
   * that late. @default 1
   */
  readonly idleWaitMs?: number;
}

/** {@link IsolateOptions} checked, with defaults applied (`memoryLimitMb` stays optional). */
export interface ResolvedIsolateOptions {
  readonly workers: number;
  readonly memoryLimitMb: number | undefined;
  readonly abortGraceMs: number;
  readonly loadTimeoutMs: number;
  readonly cleanupTimeoutMs: number;
  readonly maxCrashes: number;
  readonly crashWindowMs: number;
  readonly restartDelayMs: number;
  readonly maxRestartDelayMs: number;
  readonly idleWaitMs: number;
}

/** Checks every option, naming the one that is wrong, and applies the defaults. */
export function resolveIsolateOptions(options: IsolateOptions | undefined): ResolvedIsolateOptions {
  const o = checkOptionsObject('options', options);
  const ms = (name: keyof IsolateOptions, value: unknown, fallback: number): number =>
    checkFiniteNumber(name, value ?? fallback, { min: 0 });
  return Object.freeze({
    workers: checkInteger('workers', o.workers ?? 1, { min: 1, max: 256 }),
    memoryLimitMb:
      o.memoryLimitMb === undefined
        ? undefined
        : checkFiniteNumber('memoryLimitMb', o.memoryLimitMb, { min: 1 }),
    abortGraceMs: ms('abortGraceMs', o.abortGraceMs, 100),
    loadTimeoutMs: ms('loadTimeoutMs', o.loadTimeoutMs, 30_000),
    cleanupTimeoutMs: ms('cleanupTimeoutMs', o.cleanupTimeoutMs, 5_000),
    maxCrashes: checkInteger('maxCrashes', o.maxCrashes ?? 5, { min: 1 }),
    crashWindowMs: ms('crashWindowMs', o.crashWindowMs, 60_000),
    restartDelayMs: ms('restartDelayMs', o.restartDelayMs, 100),
    maxRestartDelayMs: ms('maxRestartDelayMs', o.maxRestartDelayMs, 5_000),
    idleWaitMs: checkFiniteNumber('idleWaitMs', o.idleWaitMs ?? 1, { min: 0, max: 100 }),
  });
}
