import { invalidArgument } from '@leanvibe/core/contracts';
import fc, { type Arbitrary } from 'fast-check';
import {
  arbitraryFromSchema,
  isZodSchema,
  lengthBounds,
  type SchemaArbitraryOptions,
} from './zod-arbitrary.js';
import type { ZodDef } from './zod-def.js';

const WRONG_TYPES: readonly unknown[] = [null, 42, -1.5, 'not-valid', true, {}, [], ''];

function fieldDef(schema: unknown): ZodDef {
  return (schema as { _zod: { def: ZodDef } })._zod.def;
}

/** Values just outside a field's bounds, to catch plugins that check types but not ranges. */
function outOfBounds(schema: unknown): unknown[] {
  const def = fieldDef(schema);
  const checks = ((def.checks as { _zod: { def: ZodDef } }[] | undefined) ?? []).map(
    (check) => check._zod.def,
  );
  const values: unknown[] = [];
  if (def.type === 'number') {
    for (const check of checks) {
      if (check.check === 'greater_than') values.push((check.value as number) - 1);
      if (check.check === 'less_than') values.push((check.value as number) + 1);
    }
    values.push(0.5, Number.NaN, Number.POSITIVE_INFINITY);
  } else if (def.type === 'string' || def.type === 'array') {
    const { min, max } = lengthBounds(def);
    const make = (n: number): unknown => (def.type === 'string' ? 'a'.repeat(n) : Array(n).fill(0));
    if (min > 0) values.push(make(min - 1));
    if (max !== undefined) values.push(make(max + 1));
  } else if (def.type === 'enum' || def.type === 'literal') {
    values.push('__not_one_of_the_options__');
  }
  return values;
}

/**
 * Builds a fast-check arbitrary of values a zod 4 schema rejects: a root of the wrong type, or,
 * for an object, a valid object with one field removed (when required), set to the wrong type,
 * or pushed just outside its bounds. Every value is checked against the schema, so each is
 * really invalid. Throws when the schema accepts anything these strategies produce (e.g.
 * `z.any()`), since no invalid value can be found.
 *
 * @example
 * ```ts
 * fc.assert(fc.property(invalidArbitraryFromSchema(params), (value) => !params.safeParse(value).success));
 * ```
 */
export function invalidArbitraryFromSchema(
  schema: unknown,
  options: SchemaArbitraryOptions = {},
): Arbitrary<unknown> {
  if (!isZodSchema(schema)) throw invalidArgument('schema', 'a zod 4 schema', schema);
  const rejects = (value: unknown): boolean => !schema.safeParse(value).success;
  const strategies: Arbitrary<unknown>[] = [];
  const roots = WRONG_TYPES.filter(rejects);
  if (roots.length > 0) strategies.push(fc.constantFrom(...roots));
  const def = fieldDef(schema);
  if (def.type === 'object') {
    const valid = arbitraryFromSchema<Record<string, unknown>>(schema, options);
    for (const [key, field] of Object.entries(def.shape as Record<string, unknown>)) {
      const wrong = [...WRONG_TYPES, ...outOfBounds(unwrap(field))].filter(
        (value) =>
          !(field as { safeParse(v: unknown): { success: boolean } }).safeParse(value).success,
      );
      const mutations: Arbitrary<Record<string, unknown>>[] = [];
      if (wrong.length > 0) {
        mutations.push(
          fc
            .tuple(valid, fc.constantFrom(...wrong))
            .map(([object, value]) => ({ ...object, [key]: value })),
        );
      }
      if (
        !(field as { safeParse(v: unknown): { success: boolean } }).safeParse(undefined).success
      ) {
        mutations.push(
          valid.map((object) => {
            const { [key]: _removed, ...rest } = object;
            return rest;
          }),
        );
      }
      strategies.push(...mutations);
    }
  }
  if (strategies.length === 0) {
    throw invalidArgument('schema', 'a schema that rejects some values', schema);
  }
  return fc.oneof(...strategies).filter(rejects);
}

function unwrap(schema: unknown): unknown {
  const def = fieldDef(schema);
  return def.type === 'optional' || def.type === 'nullable' || def.type === 'default'
    ? unwrap(def.innerType)
    : schema;
}
