import { brandError, LeanVibeError, type LeanVibeErrorOptions } from './base.js';

/** Options of {@link PluginError} and its subclasses. */
export interface PluginErrorOptions extends LeanVibeErrorOptions {
  /** The plugin the failure belongs to (its manifest `name`). */
  readonly pluginId?: string;
  /** The task that failed, when there was one. */
  readonly taskId?: string;
}

/**
 * An error that belongs to a plugin, and usually to one of its tasks. Every failed
 * `TaskResult` carries one.
 */
export class PluginError extends LeanVibeError {
  static {
    brandError(this, 'PluginError');
  }
  /** The plugin the failure belongs to. */
  readonly pluginId: string | undefined;
  /** The task that failed, when there was one. */
  readonly taskId: string | undefined;

  constructor(message: string, options: PluginErrorOptions & { readonly code?: string } = {}) {
    super(options.code ?? 'PLUGIN_ERROR', message, options);
    this.pluginId = options.pluginId;
    this.taskId = options.taskId;
  }
}

/** One problem found while validating params or config: where it is and what is wrong. */
export interface ValidationIssue {
  /** The path to the offending value, e.g. `['limits', 'maxMemoryMb']`; empty for the root. */
  readonly path: readonly (string | number)[];
  /** What is wrong with it. */
  readonly message: string;
}

/** Input (task params, plugin config) did not validate; `issues` lists every problem found. */
export class PluginValidationError extends PluginError {
  static {
    brandError(this, 'PluginValidationError');
  }
  /** Every problem found, each with its path. */
  readonly issues: readonly ValidationIssue[];

  constructor(
    message: string,
    options: PluginErrorOptions & { readonly issues?: readonly ValidationIssue[] } = {},
  ) {
    super(message, { ...options, code: 'PLUGIN_VALIDATION' });
    this.issues = Object.freeze([...(options.issues ?? [])]);
  }
}

/** A plugin failed while doing its work (a thrown error or a rejection); `cause` holds it. */
export class PluginExecutionError extends PluginError {
  static {
    brandError(this, 'PluginExecutionError');
  }

  constructor(message: string, options: PluginErrorOptions = {}) {
    super(message, { ...options, code: 'PLUGIN_EXECUTION' });
  }
}

/** Options of {@link PluginTimeoutError}. */
export interface PluginTimeoutErrorOptions extends PluginErrorOptions {
  /** The budget that ran out, in milliseconds. */
  readonly timeoutMs: number;
  /** What ran out of time, e.g. `execute`, `initialize`, or a method name. */
  readonly operation?: string;
}

/** An operation ran past its time budget. */
export class PluginTimeoutError extends PluginError {
  static {
    brandError(this, 'PluginTimeoutError');
  }
  /** The budget that ran out, in milliseconds. */
  readonly timeoutMs: number;
  /** What ran out of time. */
  readonly operation: string | undefined;

  constructor(message: string, options: PluginTimeoutErrorOptions) {
    super(message, { ...options, code: 'PLUGIN_TIMEOUT' });
    this.timeoutMs = options.timeoutMs;
    this.operation = options.operation;
  }
}

/** Options of {@link PluginSecurityError}. */
export interface PluginSecurityErrorOptions extends PluginErrorOptions {
  /** A lower_snake reason, e.g. `blocked_address`, `permission_denied`, `path_traversal`. */
  readonly violation: string;
  /** The permission that was required and not granted, when that is the reason. */
  readonly requiredPermission?: string;
  /** A specific SCREAMING_SNAKE code, e.g. `SECURITY_BLOCKED_ADDRESS`; defaults to `PLUGIN_SECURITY`. */
  readonly code?: string;
}

/** Something was refused for security reasons: a blocked address, a denied permission, a path outside its jail. */
export class PluginSecurityError extends PluginError {
  static {
    brandError(this, 'PluginSecurityError');
  }
  /** A lower_snake reason, e.g. `blocked_address`. */
  readonly violation: string;
  /** The permission that was required and not granted. */
  readonly requiredPermission: string | undefined;

  constructor(message: string, options: PluginSecurityErrorOptions) {
    super(message, { ...options, code: options.code ?? 'PLUGIN_SECURITY' });
    this.violation = options.violation;
    this.requiredPermission = options.requiredPermission;
  }
}

/** Options of {@link PluginMemoryError}. */
export interface PluginMemoryErrorOptions extends PluginErrorOptions {
  /** The limit, in MB. */
  readonly limitMb: number;
  /** The measured heap delta, in MB (approximate: the heap is shared by the process). */
  readonly usedMb: number;
}

/** A measured heap delta went over a memory limit. The measure is approximate: the heap is shared. */
export class PluginMemoryError extends PluginError {
  static {
    brandError(this, 'PluginMemoryError');
  }
  /** The limit, in MB. */
  readonly limitMb: number;
  /** The measured heap delta, in MB. */
  readonly usedMb: number;

  constructor(message: string, options: PluginMemoryErrorOptions) {
    super(message, { ...options, code: 'PLUGIN_MEMORY' });
    this.limitMb = options.limitMb;
    this.usedMb = options.usedMb;
  }
}
