import {
  brandError,
  checkInteger,
  checkOptionsObject,
  createErrorGuard,
  LeanVibeError,
} from '@leanvibe/core/contracts';

/** Why {@link safeJsonParse} refused a text. */
export type UnsafeJsonReason = 'not_a_string' | 'too_long' | 'syntax' | 'forbidden_key';

/** {@link safeJsonParse} refused a text; `reason` says why, `cause` holds a `SyntaxError`. */
export class UnsafeJsonError extends LeanVibeError {
  static {
    brandError(this, 'UnsafeJsonError');
  }
  /** Why the text was refused. */
  readonly reason: UnsafeJsonReason;

  constructor(reason: UnsafeJsonReason, message: string, cause?: unknown) {
    super('SECURITY_UNSAFE_JSON', message, { cause, details: { reason } });
    this.reason = reason;
  }
}

/** True for an {@link UnsafeJsonError}, from any installed copy. */
export const isUnsafeJsonError = createErrorGuard<UnsafeJsonError>('UnsafeJsonError');

/** Options of {@link safeJsonParse}. */
export interface SafeJsonParseOptions {
  /**
   * The longest text accepted, in UTF-16 code units.
   * @default Infinity
   */
  readonly maxLength?: number;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** Throws on the first `__proto__` key or `constructor` key holding a `prototype` key. */
function checkKeys(root: unknown): void {
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const value = stack.pop();
    if (!isObject(value)) continue;
    if (Array.isArray(value)) {
      for (const item of value) if (isObject(item)) stack.push(item);
      continue;
    }
    for (const key of Object.keys(value)) {
      const child = value[key];
      if (key === '__proto__') {
        throw new UnsafeJsonError('forbidden_key', 'the JSON has a `__proto__` key');
      }
      if (key === 'constructor' && isObject(child) && Object.hasOwn(child, 'prototype')) {
        throw new UnsafeJsonError('forbidden_key', 'the JSON has a `constructor.prototype` key');
      }
      if (isObject(child)) stack.push(child);
    }
  }
}

/**
 * `JSON.parse` for untrusted text: throws {@link UnsafeJsonError} when any object has a
 * `__proto__` key or a `constructor` key holding a `prototype` key — in any spelling JSON allows,
 * escapes such as `"\u005f_proto__"` included — so the result can be merged or copied without
 * polluting a prototype. Every object returned has `Object.prototype` as its prototype.
 *
 * @example
 * ```ts
 * safeJsonParse('{"a":1}'); // { a: 1 }
 * safeJsonParse('{"__proto__":{"admin":true}}'); // throws UnsafeJsonError
 * ```
 */
export function safeJsonParse(text: string, options?: SafeJsonParseOptions): unknown {
  const { maxLength } = checkOptionsObject('options', options);
  const limit = checkInteger('maxLength', maxLength ?? Infinity, { min: 0, allowInfinity: true });
  if (typeof text !== 'string') {
    throw new UnsafeJsonError('not_a_string', `the JSON must be a string, got ${typeof text}`);
  }
  if (text.length > limit) {
    throw new UnsafeJsonError(
      'too_long',
      `the JSON has ${text.length} characters, more than maxLength (${limit})`,
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new UnsafeJsonError(
      'syntax',
      `the JSON does not parse: ${(error as Error).message}`,
      error,
    );
  }
  // Both forbidden keys contain "proto" unless spelt with a \u escape; skip the walk otherwise.
  if (text.includes('proto') || text.includes('\\u')) checkKeys(value);
  return value;
}
