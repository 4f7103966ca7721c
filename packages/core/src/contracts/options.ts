import { describeValue } from './describe.js';
import { InvalidArgumentError, InvalidOptionError } from './errors/usage.js';

/** Bounds for {@link checkFiniteNumber} and {@link checkInteger}. */
export interface NumberBounds {
  /** Smallest allowed value (inclusive). */
  readonly min?: number;
  /** Largest allowed value (inclusive). */
  readonly max?: number;
}

/** Bounds for {@link checkInteger}. */
export interface IntegerBounds extends NumberBounds {
  /** Accept `Infinity` as well (e.g. `retries: Infinity`). @default false */
  readonly allowInfinity?: boolean;
}

function rangeText(bounds: NumberBounds): string {
  const { min, max } = bounds;
  if (min !== undefined && max !== undefined) return ` between ${min} and ${max}`;
  if (min !== undefined) return ` ≥ ${min}`;
  if (max !== undefined) return ` ≤ ${max}`;
  return '';
}

function inRange(value: number, bounds: NumberBounds): boolean {
  return !(
    (bounds.min !== undefined && value < bounds.min) ||
    (bounds.max !== undefined && value > bounds.max)
  );
}

function fail(name: string, expected: string, value: unknown): never {
  throw invalidOption(name, expected, value);
}

/**
 * Builds the {@link InvalidOptionError} every check throws, for checks of your own:
 * `` invalidOption('max', 'an integer ≥ min (2)', 1) `` says `` `max` must be an integer ≥ min (2), got 1 ``.
 */
export function invalidOption(name: string, expected: string, value: unknown): InvalidOptionError {
  return new InvalidOptionError(
    name,
    `\`${name}\` must be ${expected}, got ${describeValue(value)}`,
  );
}

/**
 * Builds an {@link InvalidArgumentError} in the same words, for arguments checked at a call:
 * `` `resource` must be a resource this pool lent, got an object ``.
 */
export function invalidArgument(
  name: string,
  expected: string,
  value: unknown,
): InvalidArgumentError {
  return new InvalidArgumentError(
    name,
    `\`${name}\` must be ${expected}, got ${describeValue(value)}`,
  );
}

/**
 * Returns `value` when it is a finite number within `bounds`; otherwise throws an
 * {@link InvalidOptionError} whose message names the option:
 * `` `timeoutMs` must be a finite number ≥ 0, got -1 ``.
 *
 * @example
 * ```ts
 * const timeoutMs = checkFiniteNumber('timeoutMs', options.timeoutMs ?? 1000, { min: 0 });
 * ```
 */
export function checkFiniteNumber(name: string, value: unknown, bounds: NumberBounds = {}): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || !inRange(value, bounds)) {
    fail(name, `a finite number${rangeText(bounds)}`, value);
  }
  return value;
}

/**
 * Returns `value` when it is an integer within `bounds` (or `Infinity` when allowed); otherwise
 * throws an {@link InvalidOptionError}: `` `retries` must be an integer ≥ 0, got 1.5 ``.
 */
export function checkInteger(name: string, value: unknown, bounds: IntegerBounds = {}): number {
  const ok =
    typeof value === 'number' &&
    (Number.isInteger(value) || (bounds.allowInfinity === true && value === Infinity)) &&
    inRange(value, bounds);
  if (!ok) {
    const infinity = bounds.allowInfinity === true ? ' or Infinity' : '';
    fail(name, `an integer${rangeText(bounds)}${infinity}`, value);
  }
  return value as number;
}

/** Returns `value` when it is a boolean; otherwise throws: `` `unref` must be a boolean, got "yes" (a string) ``. */
export function checkBoolean(name: string, value: unknown): boolean {
  if (typeof value !== 'boolean') fail(name, 'a boolean', value);
  return value;
}

/** Returns `value` when it is a function; otherwise throws: `` `create` must be a function, got undefined ``. */
export function checkFunction<F extends (...args: never[]) => unknown>(
  name: string,
  value: unknown,
): F {
  if (typeof value !== 'function') fail(name, 'a function', value);
  return value as F;
}

/** Returns `value` when it is a string (non-empty unless `allowEmpty`); otherwise throws. */
export function checkString(
  name: string,
  value: unknown,
  options: { readonly allowEmpty?: boolean } = {},
): string {
  if (typeof value !== 'string' || (value.length === 0 && options.allowEmpty !== true)) {
    fail(name, options.allowEmpty === true ? 'a string' : 'a non-empty string', value);
  }
  return value;
}

/**
 * Returns `value` when it is one of `choices`; otherwise throws:
 * `` `jitter` must be one of 'full', 'decorrelated', 'none', got "half" (a string) ``.
 */
export function checkOneOf<const C extends readonly (string | number | boolean)[]>(
  name: string,
  value: unknown,
  choices: C,
): C[number] {
  if (!choices.includes(value as C[number])) {
    const list = choices.map((choice) =>
      typeof choice === 'string' ? `'${choice}'` : String(choice),
    );
    fail(name, `one of ${list.join(', ')}`, value);
  }
  return value as C[number];
}

/**
 * Returns `value` when it is a plain options object, or `{}` for `undefined`; otherwise throws:
 * `` `options` must be an object, got 5 ``.
 */
export function checkOptionsObject<T extends object>(name: string, value: T | undefined): T {
  if (value === undefined) return {} as T;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    fail(name, 'an object', value);
  }
  return value;
}

/** Returns `value` when it is an `AbortSignal` or `undefined`; otherwise throws. */
export function checkSignal(name: string, value: unknown): AbortSignal | undefined {
  if (value !== undefined && !(value instanceof AbortSignal)) fail(name, 'an AbortSignal', value);
  return value as AbortSignal | undefined;
}
