import { brandError } from './base.js';
import { PluginError, type PluginErrorOptions } from './plugin.js';

/** Options of {@link TaskEncodingError}. */
export interface TaskEncodingErrorOptions extends PluginErrorOptions {
  /** Where the value stops being JSON-safe, e.g. `params.items[2].at`. */
  readonly path: string;
  /** What is wrong there. */
  readonly reason: string;
}

/**
 * A task's params or result could not cross a process or thread boundary unchanged (a function,
 * a bigint, a cycle, a `Date`...), or what arrived from the far side was malformed. Nothing is
 * sent: a value is refused rather than silently changed.
 */
export class TaskEncodingError extends PluginError {
  static {
    brandError(this, 'TaskEncodingError');
  }
  /** Where the value stops being JSON-safe. */
  readonly path: string;
  /** What is wrong there. */
  readonly reason: string;

  constructor(message: string, options: TaskEncodingErrorOptions) {
    super(message, { ...options, code: 'TASK_NOT_SERIALIZABLE' });
    this.path = options.path;
    this.reason = options.reason;
  }
}
