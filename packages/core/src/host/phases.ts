import type { Channel } from 'node:diagnostics_channel';
import {
  isPluginError,
  type Orchestrator,
  onAbort,
  type PluginError,
  PluginExecutionError,
  PluginTimeoutError,
  toError,
} from '../contracts/index.js';
import { withDeadline } from '../plugin/deadline.js';
import type { ResolvedHostOptions } from './options.js';
import type { PluginRuntime } from './runtime.js';

const TIMED_OUT: unique symbol = Symbol('timed out');

function noop(): void {}

/** What a plugin's init and cleanup phases need from the host. */
export interface PhaseContext {
  readonly options: ResolvedHostOptions;
  readonly orchestrator: Orchestrator;
  /** Aborted when the host closes. */
  readonly closed: AbortSignal;
  readonly initChannel: Channel;
  readonly cleanupChannel: Channel;
  /** A ready plugin reported that it failed (see `PluginContext.reportFailure`). */
  readonly failed: (runtime: PluginRuntime) => void;
}

function publish(phase: PhaseContext, target: Channel, message: Record<string, unknown>): void {
  if (target.hasSubscribers) target.publish({ hostId: phase.options.id, ...message });
}

/**
 * Runs a plugin's `initialize` within the init budget, with a context whose signal aborts on
 * time-out or, for the plugin's whole life, when the host closes. Returns whether the plugin is
 * ready; records state and error.
 */
export async function initializePlugin(
  phase: PhaseContext,
  runtime: PluginRuntime,
): Promise<boolean> {
  const { clock, logger, initTimeoutMs } = phase.options;
  runtime.state = 'initializing';
  const began = clock.now();
  publish(phase, phase.initChannel, { pluginId: runtime.id, phase: 'start' });
  const controller = new AbortController();
  const unlink = onAbort(phase.closed, (reason) => controller.abort(reason));
  const context = Object.freeze({
    orchestrator: phase.orchestrator,
    logger: logger.child({ plugin: { id: runtime.id, version: runtime.manifest.version } }),
    metrics: phase.options.metrics,
    clock,
    ...(phase.options.permissions === undefined || phase.options.permissions === 'unenforced'
      ? {}
      : { permissions: phase.options.permissions }),
    ...(phase.options.cipher === undefined ? {} : { cipher: phase.options.cipher }),
    config: Object.freeze({ ...phase.options.config[runtime.id] }),
    signal: controller.signal,
    reportFailure: (reason: Error) => reportFailure(phase, runtime, reason),
  });
  let error: PluginError | undefined;
  try {
    const work = Promise.resolve().then(() => runtime.plugin.initialize(context));
    const outcome = await withDeadline<unknown>(work, initTimeoutMs, clock, () => TIMED_OUT);
    if (outcome === TIMED_OUT) {
      error = new PluginTimeoutError(
        `plugin "${runtime.id}" did not initialize within ${initTimeoutMs} ms`,
        { pluginId: runtime.id, timeoutMs: initTimeoutMs, operation: 'initialize' },
      );
      controller.abort(error);
      // If it finishes after all, release what it acquired.
      work.then(() => cleanupPlugin(phase, runtime, false).catch(noop), noop);
    }
  } catch (thrown) {
    error = isPluginError(thrown)
      ? thrown
      : new PluginExecutionError(
          `plugin "${runtime.id}" failed to initialize: ${toError(thrown).message}`,
          {
            pluginId: runtime.id,
            cause: toError(thrown),
          },
        );
  }
  // A ready plugin keeps the link: its signal aborts when the host closes, before its cleanup.
  if (error !== undefined) unlink();
  runtime.initMs = clock.now() - began;
  runtime.state = error === undefined ? 'ready' : 'failed';
  runtime.initialized = error === undefined;
  if (error !== undefined) runtime.lastError = error;
  publish(phase, phase.initChannel, {
    pluginId: runtime.id,
    phase: 'end',
    durationMs: runtime.initMs,
    ...(error === undefined ? {} : { error }),
  });
  if (error === undefined)
    logger.debug({ pluginId: runtime.id, initMs: runtime.initMs }, 'plugin ready');
  else if (runtime.manifest.optional === true)
    logger.warn({ pluginId: runtime.id, err: error }, 'optional plugin failed to initialize');
  else logger.error({ pluginId: runtime.id, err: error }, 'plugin failed to initialize');
  return error === undefined;
}

/** A ready plugin says it can no longer serve: it is marked failed, logged, and the host told. */
function reportFailure(phase: PhaseContext, runtime: PluginRuntime, reason: unknown): void {
  if (runtime.state !== 'ready' || phase.closed.aborted) return;
  const error = isPluginError(reason)
    ? reason
    : new PluginExecutionError(`plugin "${runtime.id}" failed: ${toError(reason).message}`, {
        pluginId: runtime.id,
        cause: toError(reason),
      });
  runtime.state = 'failed';
  runtime.lastError = error;
  phase.options.logger.error({ pluginId: runtime.id, err: error }, 'plugin failed');
  phase.failed(runtime);
}

/** Runs a plugin's `cleanup` within its own budget; a failure is recorded and logged, never thrown. */
export async function cleanupPlugin(
  phase: PhaseContext,
  runtime: PluginRuntime,
  report: boolean,
): Promise<void> {
  const { clock, cleanupTimeoutMs, logger } = phase.options;
  const began = clock.now();
  if (report) publish(phase, phase.cleanupChannel, { pluginId: runtime.id, phase: 'start' });
  let error: PluginError | undefined;
  try {
    const work = Promise.resolve().then(() => runtime.plugin.cleanup());
    const outcome = await withDeadline<unknown>(work, cleanupTimeoutMs, clock, () => TIMED_OUT);
    if (outcome === TIMED_OUT) {
      error = new PluginTimeoutError(
        `plugin "${runtime.id}" did not clean up within ${cleanupTimeoutMs} ms`,
        {
          pluginId: runtime.id,
          timeoutMs: cleanupTimeoutMs,
          operation: 'cleanup',
        },
      );
    }
  } catch (thrown) {
    error = new PluginExecutionError(
      `plugin "${runtime.id}" failed to clean up: ${toError(thrown).message}`,
      {
        pluginId: runtime.id,
        cause: toError(thrown),
      },
    );
  }
  if (error !== undefined) {
    runtime.lastError = error;
    logger.error({ pluginId: runtime.id, err: error }, 'plugin cleanup failed');
  }
  if (report) {
    publish(phase, phase.cleanupChannel, {
      pluginId: runtime.id,
      phase: 'end',
      durationMs: clock.now() - began,
      ...(error === undefined ? {} : { error }),
    });
  }
}
