import { checkInteger, checkOptionsObject, invalidOption } from '@leanvibe/core/contracts';
import { z } from 'zod';
import { type SanitizeStringOptions, sanitizeString } from './sanitize-string.js';

/** Options of {@link boundedString}. */
export interface BoundedStringOptions {
  /** The longest string accepted, in UTF-16 code units. */
  readonly max: number;
  /**
   * The shortest string accepted.
   * @default 0
   */
  readonly min?: number;
  /**
   * A pattern the whole string must match.
   * @default undefined
   */
  readonly pattern?: RegExp;
}

/** Options of {@link boundedArray}. */
export interface BoundedArrayOptions {
  /** The most items accepted. */
  readonly max: number;
  /**
   * The fewest items accepted.
   * @default 0
   */
  readonly min?: number;
}

function bounds(name: string, options: { readonly min?: number; readonly max: number }) {
  const { min = 0, max } = checkOptionsObject(name, options);
  checkInteger(`${name}.max`, max, { min: 0 });
  checkInteger(`${name}.min`, min, { min: 0, max });
  return { min, max };
}

/**
 * A zod string with a required upper bound (and optional lower bound and pattern).
 *
 * @example
 * ```ts
 * const name = boundedString({ max: 64, pattern: /^[a-z0-9-]+$/ });
 * ```
 */
export function boundedString(options: BoundedStringOptions): z.ZodString {
  const { min, max } = bounds('options', options);
  const { pattern } = options;
  if (pattern !== undefined && !(pattern instanceof RegExp)) {
    throw invalidOption('options.pattern', 'a RegExp', pattern);
  }
  const schema = z.string().min(min).max(max);
  return pattern === undefined ? schema : schema.regex(pattern);
}

/**
 * A zod string that is cleaned with {@link sanitizeString} (and so cut to `maxLength`).
 *
 * @example
 * ```ts
 * const comment = sanitizedString({ maxLength: 500, allow: ['newline'] });
 * comment.parse(' hi\u0000 '); // 'hi'
 * ```
 */
export function sanitizedString(options: SanitizeStringOptions): z.ZodString {
  sanitizeString('', options); // checks the options now, not at the first parse
  return z.string().overwrite((value) => sanitizeString(value, options));
}

/**
 * A zod array with a required upper bound on its length.
 *
 * @example
 * ```ts
 * const tags = boundedArray(boundedString({ max: 32 }), { max: 10 });
 * ```
 */
export function boundedArray<T extends z.ZodType>(
  item: T,
  options: BoundedArrayOptions,
): z.ZodArray<T> {
  const { min, max } = bounds('options', options);
  return z.array(item).min(min).max(max);
}

/**
 * A strict zod object for plugin params: unknown keys are an error, not silently dropped.
 *
 * @example
 * ```ts
 * const params = strictParams({ url: boundedString({ max: 2048 }), retries: z.number().int().max(5) });
 * ```
 */
export function strictParams<Shape extends z.ZodRawShape>(
  shape: Shape,
): z.ZodObject<Shape, z.core.$strict> {
  return z.strictObject(shape);
}
