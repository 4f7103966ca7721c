import { brandError, createErrorGuard, PluginError } from '@leanvibe/core/contracts';

/** The codes an {@link IsolateError} carries. */
export type IsolateErrorCode =
  | 'ISOLATE_WORKER_CRASHED'
  | 'ISOLATE_WORKER_EXITED'
  | 'ISOLATE_WORKER_TERMINATED'
  | 'ISOLATE_PLUGIN_FAILED'
  | 'ISOLATE_LOAD_FAILED'
  | 'ISOLATE_CLOSED';

/** Options of {@link IsolateError}. */
export interface IsolateErrorOptions {
  readonly pluginId?: string;
  readonly taskId?: string;
  readonly cause?: unknown;
  readonly details?: Readonly<Record<string, unknown>>;
}

/**
 * Something happened on the far side of the wall: the worker crashed (`ISOLATE_WORKER_CRASHED`),
 * exited (`ISOLATE_WORKER_EXITED`), was terminated while running other tasks
 * (`ISOLATE_WORKER_TERMINATED`), crashed too often (`ISOLATE_PLUGIN_FAILED`), could not load the
 * plugin module (`ISOLATE_LOAD_FAILED`), or the plugin was cleaned up (`ISOLATE_CLOSED`). A
 * {@link PluginError}, so a failed `TaskResult` can carry it.
 */
export class IsolateError extends PluginError {
  static {
    brandError(this, 'IsolateError');
  }
  declare readonly code: IsolateErrorCode;

  constructor(code: IsolateErrorCode, message: string, options: IsolateErrorOptions = {}) {
    super(message, { ...options, code });
  }
}

/** True for an {@link IsolateError}, from any installed copy of this package. */
export const isIsolateError = createErrorGuard<IsolateError>('IsolateError');
