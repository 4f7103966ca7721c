import { describeValue } from '../describe.js';
import { assignErrorKinds, errorKinds, LeanVibeError } from '../errors/base.js';
import { TaskEncodingError } from '../errors/encoding.js';
import {
  PluginError,
  PluginExecutionError,
  PluginMemoryError,
  PluginSecurityError,
  PluginTimeoutError,
  PluginValidationError,
  type ValidationIssue,
} from '../errors/plugin.js';
import { findJsonProblem, type JsonValue } from '../json.js';

/** An error as it crosses a boundary: plain JSON that {@link reviveError} turns back into a class. */
export interface EncodedErrorJSON {
  /** The class name, e.g. `PluginTimeoutError`. */
  readonly name: string;
  /** The error's code; absent for errors that are not LeanVibe errors. */
  readonly code?: string;
  readonly message: string;
  /** The brand kinds of its class, most general first, so guards work on the far side. */
  readonly kinds?: readonly string[];
  readonly details?: { readonly [key: string]: JsonValue };
  /** Its own fields (`pluginId`, `timeoutMs`, `violation`, `issues`...). */
  readonly fields?: { readonly [key: string]: JsonValue };
  readonly cause?: EncodedErrorJSON;
  readonly stack?: string;
}

const MAX_CAUSE_DEPTH = 8;
const SKIPPED_FIELDS = new Set(['name', 'code', 'message', 'details', 'cause', 'stack']);

/**
 * Turns any thrown value into an {@link EncodedErrorJSON}: name, code, message, brand kinds, details,
 * own fields and the `cause` chain (eight deep at most). Values inside that JSON cannot carry
 * are replaced by a short description of them, so an error always crosses.
 */
export function encodeError(error: unknown): EncodedErrorJSON {
  return encodeAt(error, 0);
}

function encodeAt(error: unknown, depth: number): EncodedErrorJSON {
  if (!(error instanceof Error)) {
    return {
      name: 'ThrownValue',
      code: 'NON_ERROR_THROWN',
      message: `A non-Error value was thrown: ${describeValue(error)}`,
    };
  }
  const source = error as Error & { code?: unknown; details?: unknown };
  const kinds = errorKinds(error);
  const fields: Record<string, JsonValue> = {};
  for (const key of Object.keys(error)) {
    if (SKIPPED_FIELDS.has(key)) continue;
    const value = (error as unknown as Record<string, unknown>)[key];
    if (value !== undefined) fields[key] = jsonOrDescription(value);
  }
  const details = source.details;
  return {
    name: error.name,
    ...(typeof source.code === 'string' ? { code: source.code } : {}),
    message: error.message,
    ...(kinds.length > 0 ? { kinds } : {}),
    ...(typeof details === 'object' && details !== null
      ? { details: jsonOrDescription(details) as { readonly [key: string]: JsonValue } }
      : {}),
    ...(Object.keys(fields).length > 0 ? { fields } : {}),
    ...(error.cause !== undefined && depth < MAX_CAUSE_DEPTH
      ? { cause: encodeAt(error.cause, depth + 1) }
      : {}),
    ...(typeof error.stack === 'string' ? { stack: error.stack } : {}),
  };
}

function jsonOrDescription(value: unknown): JsonValue {
  if (findJsonProblem(value) === undefined) return value as JsonValue;
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return describeValue(value);
  const out: Record<string, JsonValue> = {};
  for (const [key, entry] of Object.entries(value)) {
    if (entry !== undefined)
      out[key] = findJsonProblem(entry) === undefined ? (entry as JsonValue) : describeValue(entry);
  }
  return out;
}

const STANDARD_ERRORS: Readonly<Record<string, ErrorConstructor>> = {
  Error,
  TypeError,
  RangeError,
  SyntaxError,
  ReferenceError,
  EvalError,
  URIError,
};

/**
 * Rebuilds an error from an {@link EncodedErrorJSON}. Core's classes come back as themselves
 * (`PluginTimeoutError` with its `timeoutMs`, `PluginValidationError` with its issues, ...);
 * an error of another package's class comes back as a `LeanVibeError` (or `PluginError`) with
 * the same `name`, `code` and brand kinds, so that package's guards still recognise it. The
 * original stack is kept, and the `cause` chain is revived too.
 */
export function reviveError(encoded: EncodedErrorJSON): Error {
  const fields = encoded.fields ?? {};
  const options = {
    ...(encoded.details !== undefined ? { details: encoded.details } : {}),
    ...(encoded.cause !== undefined ? { cause: reviveError(encoded.cause) } : {}),
    ...stringField(fields, 'pluginId'),
    ...stringField(fields, 'taskId'),
  };
  const error = build(encoded, fields, options);
  if (error.name !== encoded.name) {
    Object.defineProperty(error, 'name', {
      value: encoded.name,
      enumerable: false,
      configurable: true,
      writable: true,
    });
  }
  if (encoded.kinds !== undefined) assignErrorKinds(error, encoded.kinds);
  for (const [key, value] of Object.entries(fields)) {
    if (!(key in error)) (error as unknown as Record<string, unknown>)[key] = value;
  }
  if (encoded.stack !== undefined) error.stack = encoded.stack;
  return error;
}

type ReviveOptions = {
  details?: Readonly<Record<string, unknown>>;
  cause?: unknown;
  pluginId?: string;
  taskId?: string;
};

function build(
  encoded: EncodedErrorJSON,
  fields: Readonly<Record<string, JsonValue>>,
  options: ReviveOptions,
): Error {
  const { message, code } = encoded;
  const kinds = encoded.kinds ?? [];
  switch (code) {
    case 'PLUGIN_VALIDATION':
      return new PluginValidationError(message, { ...options, issues: issuesOf(fields.issues) });
    case 'PLUGIN_EXECUTION':
      return new PluginExecutionError(message, options);
    case 'PLUGIN_TIMEOUT':
      return new PluginTimeoutError(message, {
        ...options,
        timeoutMs: numberOf(fields.timeoutMs),
        ...stringField(fields, 'operation'),
      });
    case 'PLUGIN_MEMORY':
      return new PluginMemoryError(message, {
        ...options,
        limitMb: numberOf(fields.limitMb),
        usedMb: numberOf(fields.usedMb),
      });
    case 'TASK_NOT_SERIALIZABLE':
      return new TaskEncodingError(message, {
        ...options,
        path: typeof fields.path === 'string' ? fields.path : '',
        reason: typeof fields.reason === 'string' ? fields.reason : '',
      });
    default:
      break;
  }
  if (
    kinds.includes('PluginSecurityError') ||
    (code === 'PLUGIN_SECURITY' && typeof fields.violation === 'string')
  ) {
    return new PluginSecurityError(message, {
      ...options,
      violation: typeof fields.violation === 'string' ? fields.violation : 'unknown',
      ...stringField(fields, 'requiredPermission'),
      ...(code !== undefined ? { code } : {}),
    });
  }
  if (code === undefined) {
    const Standard = STANDARD_ERRORS[encoded.name] ?? Error;
    return new Standard(
      message,
      options.cause === undefined ? undefined : { cause: options.cause },
    );
  }
  if (kinds.includes('PluginError') || code === 'PLUGIN_ERROR')
    return new PluginError(message, { ...options, code });
  return new LeanVibeError(code, message, options);
}

function stringField(
  fields: Readonly<Record<string, JsonValue>>,
  key: string,
): Record<string, string> {
  const value = fields[key];
  return typeof value === 'string' ? { [key]: value } : {};
}

function numberOf(value: JsonValue | undefined): number {
  return typeof value === 'number' ? value : Number.NaN;
}

function issuesOf(value: JsonValue | undefined): ValidationIssue[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((issue: JsonValue) => {
    if (typeof issue !== 'object' || issue === null || Array.isArray(issue)) return [];
    const { path, message } = issue as { readonly [key: string]: JsonValue };
    if (typeof message !== 'string' || !Array.isArray(path)) return [];
    return [
      {
        path: path.filter(
          (p): p is string | number => typeof p === 'string' || typeof p === 'number',
        ),
        message,
      },
    ];
  });
}
