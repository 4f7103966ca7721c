import type { TaskResult } from './task.js';

/**
 * Names of the `node:diagnostics_channel` channels a host publishes on. Channels are
 * process-wide, so subscribers filter by `hostId`. With no subscriber, publishing costs nothing.
 */
export const DIAGNOSTICS_CHANNELS = Object.freeze({
  /** A plugin's `initialize` started or ended. */
  init: 'leanvibe:plugin:init',
  /** A task started or ended. */
  execute: 'leanvibe:plugin:execute',
  /** A plugin's `cleanup` started or ended. */
  cleanup: 'leanvibe:plugin:cleanup',
} as const);

/** One of the {@link DIAGNOSTICS_CHANNELS} names. */
export type DiagnosticsChannelName =
  (typeof DIAGNOSTICS_CHANNELS)[keyof typeof DIAGNOSTICS_CHANNELS];

/** The payload of every lifecycle message. */
export interface PluginLifecycleMessage {
  /** The publishing host's id; filter on it. */
  readonly hostId: string;
  readonly pluginId: string;
  /** `start` before the phase runs, `end` after it settled. */
  readonly phase: 'start' | 'end';
  /** For `execute`: the task's id and type. */
  readonly taskId?: string;
  readonly taskType?: string;
  /** For `end`: how long the phase took, in milliseconds. */
  readonly durationMs?: number;
  /** For `execute` `end`: the task's result. */
  readonly result?: TaskResult;
  /** For `init` / `cleanup` `end` that failed: why. */
  readonly error?: Error;
  /**
   * For `execute` `start`: the task's W3C trace-context carrier (the request's, if any). The one
   * field a subscriber may write: one that opens a span for the task sets it to that span's
   * carrier, and the host hands it to the plugin as `task.traceContext`.
   */
  traceContext?: Readonly<Record<string, string>>;
}
