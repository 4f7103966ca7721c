import { describeValue } from './describe.js';

/** A value that survives `JSON.stringify` and `JSON.parse` unchanged. */
export type JsonValue =
  | null
  | boolean
  | number
  | string
  | readonly JsonValue[]
  | { readonly [key: string]: JsonValue };

/** Where a value stops being JSON-safe, and why. */
export interface JsonProblem {
  /** The path to the offending value, e.g. `params.items[2].at`. */
  readonly path: string;
  /** What is wrong there, e.g. `a bigint 1n (a bigint)`. */
  readonly reason: string;
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

function child(path: string, key: string): string {
  return IDENTIFIER.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

/**
 * Finds the first place where `value` would not survive a JSON round trip unchanged: a function,
 * a bigint, a symbol, `NaN` or an infinity, a cycle, `undefined` or a hole in an array, a symbol
 * key, or an object that is not plain (a `Date`, a `Map`, a class instance, a typed array).
 * `undefined` at the root or as an object property is allowed: JSON omits it, and an absent
 * property reads as `undefined` again. `-0` is allowed and arrives as `0` (JSON has no negative
 * zero, and the two are `===`).
 *
 * @returns `undefined` when the value is JSON-safe.
 */
export function findJsonProblem(value: unknown, path = 'value'): JsonProblem | undefined {
  return visit(value, path, new Set<object>(), true);
}

function visit(
  value: unknown,
  path: string,
  ancestors: Set<object>,
  undefinedAllowed: boolean,
): JsonProblem | undefined {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return undefined;
    case 'number':
      return Number.isFinite(value) ? undefined : { path, reason: `${value} is not a JSON number` };
    case 'undefined':
      return undefinedAllowed ? undefined : { path, reason: 'undefined in an array' };
    case 'object':
      return value === null ? undefined : visitObject(value, path, ancestors);
    default:
      return { path, reason: `${describeValue(value)} cannot be sent as JSON` };
  }
}

function visitObject(value: object, path: string, ancestors: Set<object>): JsonProblem | undefined {
  if (ancestors.has(value)) return { path, reason: 'a cycle: the value contains itself' };
  const array = Array.isArray(value);
  if (!array) {
    const proto = Object.getPrototypeOf(value) as unknown;
    if (proto !== Object.prototype && proto !== null) {
      return { path, reason: `${describeValue(value)} is not a plain object or array` };
    }
  }
  if (Object.getOwnPropertySymbols(value).length > 0) {
    return { path, reason: 'an object with symbol keys, which JSON drops' };
  }
  ancestors.add(value);
  try {
    if (array) {
      const items = value as readonly unknown[];
      for (let index = 0; index < items.length; index += 1) {
        const at = `${path}[${index}]`;
        if (!(index in items)) return { path: at, reason: 'a hole in a sparse array' };
        const problem = visit(items[index], at, ancestors, false);
        if (problem !== undefined) return problem;
      }
      return undefined;
    }
    for (const key of Object.keys(value)) {
      const problem = visit(
        (value as Record<string, unknown>)[key],
        child(path, key),
        ancestors,
        true,
      );
      if (problem !== undefined) return problem;
    }
    return undefined;
  } finally {
    ancestors.delete(value);
  }
}
