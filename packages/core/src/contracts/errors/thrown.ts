import { describeValue } from '../describe.js';
import { brandError, LeanVibeError } from './base.js';

/** Something that is not an `Error` was thrown or rejected with; `value` holds it unchanged. */
export class ThrownValueError extends LeanVibeError {
  static {
    brandError(this, 'ThrownValueError');
  }
  /** What was thrown (not enumerable, so `toJSON` never trips over it). */
  declare readonly value: unknown;

  constructor(value: unknown) {
    super('NON_ERROR_THROWN', `A non-Error value was thrown: ${describeValue(value)}`);
    Object.defineProperty(this, 'value', { value, enumerable: false });
  }
}

/**
 * Returns `value` when it is an `Error`, and otherwise a {@link ThrownValueError} that says
 * what was thrown, so code downstream always has a message and a stack.
 *
 * @example
 * ```ts
 * toError('boom').message; // 'A non-Error value was thrown: "boom" (a string)'
 * ```
 */
export function toError(value: unknown): Error {
  return value instanceof Error ? value : new ThrownValueError(value);
}
