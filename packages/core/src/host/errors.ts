import {
  brandError,
  createErrorGuard,
  LeanVibeError,
  type LeanVibeErrorOptions,
} from '../contracts/index.js';

/** The codes a {@link PluginHostError} carries. */
export type PluginHostErrorCode =
  | 'HOST_DUPLICATE_PLUGIN'
  | 'HOST_TASK_TYPE_CONFLICT'
  | 'HOST_SDK_MISMATCH'
  | 'HOST_INVALID_PLUGIN'
  | 'HOST_MISSING_DEPENDENCY'
  | 'HOST_DEPENDENCY_CYCLE'
  | 'HOST_PERMISSIONS_UNENFORCED'
  | 'HOST_START_FAILED'
  | 'HOST_STATE';

/** Options of {@link PluginHostError}. */
export interface PluginHostErrorOptions extends LeanVibeErrorOptions {
  /** Every plugin involved, e.g. all members of a dependency cycle. */
  readonly plugins?: readonly string[];
}

/**
 * The host refused a registration or could not start: a duplicate name, a task type claimed
 * twice, an `sdk` range core does not satisfy, a missing dependency, a cycle, a required plugin
 * that failed. `plugins` names every plugin involved.
 */
export class PluginHostError extends LeanVibeError {
  static {
    brandError(this, 'PluginHostError');
  }
  declare readonly code: PluginHostErrorCode;
  /** Every plugin involved. */
  readonly plugins: readonly string[];

  constructor(code: PluginHostErrorCode, message: string, options: PluginHostErrorOptions = {}) {
    super(code, message, options);
    this.plugins = Object.freeze([...(options.plugins ?? [])]);
  }
}

/** True for a {@link PluginHostError}, from any installed copy. */
export const isPluginHostError = createErrorGuard<PluginHostError>('PluginHostError');

/**
 * Codes of the `PluginError`s in failed results that the host itself produces (the plugin never
 * ran, or stopped being waited for).
 */
export const TASK_ERROR_CODES = Object.freeze({
  /** No plugin takes the task's type; the result's `pluginId` is empty. */
  notFound: 'PLUGIN_NOT_FOUND',
  /** The plugin is not ready: the host has not started, or the plugin failed to initialise. */
  notReady: 'PLUGIN_NOT_READY',
  /** The plugin's concurrency slots and its queue are full. */
  queueFull: 'PLUGIN_QUEUE_FULL',
  /** The caller's signal aborted, or the host closed, before the task settled. */
  cancelled: 'PLUGIN_CANCELLED',
  /** The request itself was malformed (not an object, no `type`, a bad `id` or `signal`). */
  invalidRequest: 'PLUGIN_INVALID_REQUEST',
} as const);
