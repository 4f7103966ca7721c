import { checkEpic1, EPIC1, type Epic1Report } from '@leanvibe/core/contracts';
import { isManualClock } from './drive.js';
import { type FrameworkEnv, settleCall } from './framework-env.js';
import { HandleTracker } from './handle-tracker.js';
import type { TaskSource, TestablePlugin } from './plugin.js';
import { type CheckReport, describeError, makeReport } from './report.js';

const SEMVER = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;

function manifestErrors(plugin: TestablePlugin): string[] {
  const errors: string[] = [];
  const manifest = plugin.manifest;
  if (typeof manifest !== 'object' || manifest === null) return ['the plugin has no manifest'];
  if (typeof manifest.name !== 'string' || manifest.name === '') {
    errors.push('manifest.name must be a non-empty string');
  }
  if (plugin.pluginId !== manifest.name) {
    errors.push(`pluginId "${plugin.pluginId}" differs from manifest.name "${manifest.name}"`);
  }
  if (typeof manifest.version !== 'string' || !SEMVER.test(manifest.version)) {
    errors.push(
      `manifest.version must be a semver version, got ${JSON.stringify(manifest.version)}`,
    );
  }
  const types = manifest.taskTypes;
  if (!Array.isArray(types) || types.length === 0 || types.some((t) => typeof t !== 'string')) {
    errors.push('manifest.taskTypes must be a non-empty array of strings');
  }
  if (typeof manifest.sdk !== 'string' || manifest.sdk === '') {
    errors.push('manifest.sdk must be a semver range of @leanvibe/core');
  }
  for (const [key, value] of Object.entries(manifest.limits ?? {})) {
    const min = key === 'maxQueue' ? 0 : Number.MIN_VALUE;
    if (typeof value !== 'number' || !(value >= min)) {
      errors.push(
        `manifest.limits.${key} must be a number ${min === 0 ? '≥ 0' : '> 0'}, got ${String(value)}`,
      );
    }
  }
  return errors;
}

/** Metrics of the initialization check. */
export type InitializationMetrics = { readonly initMs: number };

/** The initialization check's report: with the Epic 1 verdict on `initMs`. */
export interface InitializationReport extends CheckReport<InitializationMetrics> {
  readonly epic1: Epic1Report;
}

export async function initializationCheck(
  env: FrameworkEnv,
  plugin: TestablePlugin,
): Promise<InitializationReport> {
  const errors = manifestErrors(plugin);
  if (plugin.isInitialized) errors.push('the plugin was already initialized before the check');
  const { context } = env.contextFor(plugin);
  const start = env.clock.now();
  const problem = await settleCall(env, 'initialize()', () => plugin.initialize(context));
  const initMs = env.clock.now() - start;
  if (problem !== undefined) errors.push(problem);
  else if (!plugin.isInitialized) errors.push('isInitialized is still false after initialize()');
  const epic1 = checkEpic1({ initMs });
  if (epic1.checks.some((check) => check.budget === 'initMs' && check.verdict === 'fail')) {
    errors.push(`initialize() took ${initMs} ms of clock time; Epic 1 allows < ${EPIC1.initMs} ms`);
  }
  return makeReport('initialization', plugin.pluginId, { initMs }, errors, { epic1 });
}

/** Options of the cleanup check. */
export interface CleanupCheckOptions {
  /** Tasks to run between initialize and cleanup, so their resources are counted too. @default none */
  readonly tasks?: readonly TaskSource[];
}

/** Metrics of the cleanup check. */
export type CleanupMetrics = {
  readonly openHandles: number;
  readonly pendingClockTimers: number;
  readonly statusListeners: number;
  readonly metricCollectors: number;
  /** False when the plugin was initialised before the check, so what `initialize` took is not counted. */
  readonly initTracked: boolean;
};

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export async function cleanupCheck(
  env: FrameworkEnv,
  plugin: TestablePlugin,
  options: CleanupCheckOptions,
  baseline: { listeners: () => number; collectors: () => number },
): Promise<CheckReport<CleanupMetrics>> {
  const errors: string[] = [];
  const clock = env.clock;
  const timersBefore = isManualClock(clock) ? clock.pendingTimers() : 0;
  const listenersBefore = plugin.isInitialized ? 0 : baseline.listeners();
  const collectorsBefore = plugin.isInitialized ? 0 : baseline.collectors();
  const initTracked = !plugin.isInitialized;
  const tracker = new HandleTracker().enable();
  try {
    const { context, controller } = env.contextFor(plugin);
    if (initTracked) {
      const problem = await tracker.run(() =>
        settleCall(env, 'initialize()', () => plugin.initialize(context)),
      );
      if (problem !== undefined) errors.push(problem);
    }
    for (const [index, source] of (options.tasks ?? []).entries()) {
      const task = env.taskAt(plugin, source, index);
      const run = await tracker.run(() => env.runTask(plugin, task));
      if (run.settled.state === 'rejected') {
        errors.push(`execute() rejected: ${describeError(run.settled.reason)}`);
      }
    }
    // As a host does on close: abort the context's signal, then clean up.
    controller.abort(new Error('the plugin is being cleaned up'));
    const first = await tracker.run(() => settleCall(env, 'cleanup()', () => plugin.cleanup()));
    if (first !== undefined) errors.push(first);
    const second = await settleCall(env, 'a second cleanup()', () => plugin.cleanup());
    if (second !== undefined) errors.push(`cleanup() is not idempotent: ${second}`);
    if (plugin.isInitialized) errors.push('isInitialized is still true after cleanup()');
    const open = await tracker.openHandles();
    if (open.length > 0) {
      const kinds = open.map((h) => `${h.type}${h.referenced === false ? ' (unref)' : ''}`);
      errors.push(
        `cleanup() left ${plural(open.length, 'timer or handle')} open: ${kinds.join(', ')}`,
      );
    }
    const pendingClockTimers = isManualClock(clock) ? clock.pendingTimers() - timersBefore : 0;
    if (pendingClockTimers > 0) {
      errors.push(`cleanup() left ${plural(pendingClockTimers, 'clock timer')} pending`);
    }
    const statusListeners = baseline.listeners() - listenersBefore;
    if (statusListeners > 0) {
      errors.push(
        `cleanup() left ${plural(statusListeners, 'orchestrator status listener')} subscribed`,
      );
    }
    const metricCollectors = baseline.collectors() - collectorsBefore;
    if (metricCollectors > 0) {
      errors.push(`cleanup() left ${plural(metricCollectors, 'metrics collector')} registered`);
    }
    return makeReport(
      'cleanup',
      plugin.pluginId,
      {
        openHandles: open.length,
        pendingClockTimers: Math.max(0, pendingClockTimers),
        statusListeners: Math.max(0, statusListeners),
        metricCollectors: Math.max(0, metricCollectors),
        initTracked,
      },
      errors,
    );
  } finally {
    tracker.disable();
  }
}
