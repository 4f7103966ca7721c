import { invalidArgument } from '@leanvibe/core/contracts';
import fc, { type Arbitrary } from 'fast-check';
import { UnsupportedSchemaError } from './unsupported-schema-error.js';
import type { ZodDef, ZodSchemaLike } from './zod-def.js';
import { stringArbitrary } from './zod-string.js';

/** Options of {@link arbitraryFromSchema}. */
export interface SchemaArbitraryOptions {
  /**
   * Arbitraries to use instead of deriving one, by dotted path from the root (`''` is the
   * root, `items.0` never — array elements share their array's path plus `[]`: `items[]`).
   * This is how to cover the zod types the derivation does not support.
   */
  readonly overrides?: Readonly<Record<string, Arbitrary<unknown>>>;
  /** Largest array, record, set or map generated where the schema gives no bound. @default 5 */
  readonly maxItems?: number;
}

/** True when `value` looks like a zod 4 schema. */
export function isZodSchema(value: unknown): value is ZodSchemaLike {
  const zod = (value as { _zod?: { def?: { type?: unknown } } } | null)?._zod;
  return (
    typeof zod?.def?.type === 'string' && typeof (value as ZodSchemaLike).safeParse === 'function'
  );
}

function defOf(schema: unknown): ZodDef {
  return (schema as ZodSchemaLike)._zod.def;
}

function checksOf(def: ZodDef): ZodDef[] {
  const checks = (def.checks as readonly { _zod: { def: ZodDef } }[] | undefined) ?? [];
  return checks.map((check) => check._zod.def);
}

/** Array-like length bounds from `min_length`, `max_length` and `length_equals` checks. */
export function lengthBounds(def: ZodDef): { min: number; max: number | undefined } {
  let min = 0;
  let max: number | undefined;
  for (const check of checksOf(def)) {
    if (check.check === 'min_length') min = Math.max(min, check.minimum as number);
    if (check.check === 'max_length') max = Math.min(max ?? Infinity, check.maximum as number);
    if (check.check === 'length_equals') {
      min = check.length as number;
      max = check.length as number;
    }
  }
  return { min, max };
}

function numberArbitrary(def: ZodDef): Arbitrary<number> {
  let min = -1e9;
  let max = 1e9;
  let minExcluded = false;
  let maxExcluded = false;
  let integer = false;
  let step: number | undefined;
  for (const check of [def, ...checksOf(def)]) {
    if (check.check === 'number_format') {
      integer = integer || (check.format !== 'float32' && check.format !== 'float64');
    } else if (check.check === 'greater_than') {
      min = check.value as number;
      minExcluded = check.inclusive !== true;
    } else if (check.check === 'less_than') {
      max = check.value as number;
      maxExcluded = check.inclusive !== true;
    } else if (check.check === 'multiple_of') {
      step = check.value as number;
    }
  }
  if (step !== undefined) {
    const unit = step;
    const low = Math.ceil(min / unit);
    const high = Math.floor(max / unit);
    return fc.integer({ min: low, max: Math.max(low, high) }).map((k) => k * unit);
  }
  if (integer) {
    const low = minExcluded ? Math.floor(min) + 1 : Math.ceil(min);
    const high = maxExcluded ? Math.ceil(max) - 1 : Math.floor(max);
    return fc.integer({ min: low, max: Math.max(low, high) });
  }
  return fc.double({ min, max, minExcluded, maxExcluded, noNaN: true, noDefaultInfinity: true });
}

function unwrapOptional(schema: unknown): { inner: unknown; optional: boolean } {
  const def = defOf(schema);
  if (def.type === 'optional' || def.type === 'default' || def.type === 'prefault') {
    return { inner: def.innerType, optional: true };
  }
  return { inner: schema, optional: false };
}

function join(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

/**
 * Builds a fast-check arbitrary of values a zod 4 schema accepts.
 *
 * Supported: `object` (optional and defaulted keys may be absent), `string` (length bounds,
 * `regex`, `startsWith`/`endsWith`/`includes`, `lowercase`/`uppercase` and the formats `email`,
 * `url`, `uuid`/`guid`, `ipv4`/`ipv6`, `cidrv4`/`cidrv6`, `mac`, `iso.datetime`/`date`/`time`/
 * `duration`, `base64`/`base64url`, `hex`, `nanoid`, `cuid`/`cuid2`, `ulid`, `e164`, `emoji`,
 * `hostname`, `jwt`), `number` (int formats, `min`/`max`/`gt`/`lt`, `multipleOf`), `bigint`,
 * `boolean`, `date`, `enum`, `literal`, `null`, `undefined`, `void`, `nan`, `any`/`unknown`
 * (JSON values), `array`, `tuple` (with rest), `record`, `map`, `set`, `optional`, `nullable`,
 * `default`, `prefault`, `catch`, `readonly`, `nonoptional`, `union` (and discriminated unions),
 * `intersection` of two objects, `pipe` (generated from its input side), `success`.
 *
 * Not supported (an {@link UnsupportedSchemaError} names the type and path): `lazy` (recursive
 * schemas), a bare `transform`, `custom`, `function`, `promise`, `symbol`, `never`, `file`,
 * `template_literal`, and `intersection` of anything but two objects.
 *
 * Refinements (`.refine`, `.superRefine`) and checks the derivation does not read are honoured
 * by filtering every value through the schema itself, so every value is valid; a refinement
 * that few values pass makes generation slow.
 *
 * @example
 * ```ts
 * const params = z.object({ values: z.array(z.number().int()).max(20), mode: z.enum(['sum', 'max']) });
 * fc.assert(fc.property(arbitraryFromSchema(params), (value) => params.safeParse(value).success));
 * ```
 */
export function arbitraryFromSchema<T = unknown>(
  schema: unknown,
  options: SchemaArbitraryOptions = {},
): Arbitrary<T> {
  if (!isZodSchema(schema)) throw invalidArgument('schema', 'a zod 4 schema', schema);
  const maxItems = options.maxItems ?? 5;
  const overrides = options.overrides ?? {};
  const build = (node: unknown, path: string): Arbitrary<unknown> => {
    const override = overrides[path];
    if (override !== undefined) return override;
    const def = defOf(node);
    const leaf = (arb: Arbitrary<unknown>): Arbitrary<unknown> =>
      arb.filter((value) => (node as ZodSchemaLike).safeParse(value).success);
    switch (def.type) {
      case 'string':
        return leaf(stringArbitrary(def, checksOf(def), lengthBounds(def), path));
      case 'number':
        return leaf(numberArbitrary(def));
      case 'bigint':
        return leaf(fc.bigInt({ min: -(2n ** 64n), max: 2n ** 64n }));
      case 'boolean':
        return fc.boolean();
      case 'date':
        return leaf(fc.date({ noInvalidDate: true }));
      case 'nan':
        return fc.constant(Number.NaN);
      case 'null':
        return fc.constant(null);
      case 'undefined':
      case 'void':
        return fc.constant(undefined);
      case 'any':
      case 'unknown':
        return fc.jsonValue({ maxDepth: 2 });
      case 'literal':
        return fc.constantFrom(...(def.values as unknown[]));
      case 'enum':
        return fc.constantFrom(...new Set(Object.values(def.entries as Record<string, unknown>)));
      case 'array': {
        const { min, max } = lengthBounds(def);
        return fc.array(build(def.element, `${path}[]`), {
          minLength: min,
          maxLength: max ?? Math.max(min, maxItems),
        });
      }
      case 'tuple': {
        const items = (def.items as unknown[]).map((item, i) => build(item, join(path, String(i))));
        const head = fc.tuple(...items);
        if (def.rest === null || def.rest === undefined) return head;
        const rest = fc.array(build(def.rest, `${path}[]`), { maxLength: maxItems });
        return fc.tuple(head, rest).map(([h, r]) => [...h, ...r]);
      }
      case 'object': {
        const shape = def.shape as Record<string, unknown>;
        const model: Record<string, Arbitrary<unknown>> = {};
        const requiredKeys: string[] = [];
        for (const [key, field] of Object.entries(shape)) {
          const { inner, optional } = unwrapOptional(field);
          const keyPath = join(path, key);
          model[key] = overrides[keyPath] ?? build(inner, keyPath);
          if (!optional) requiredKeys.push(key);
        }
        return fc.record(model, { requiredKeys });
      }
      case 'record': {
        const keyDef = defOf(def.keyType);
        const values = build(def.valueType, `${path}[]`);
        if (keyDef.type === 'enum' || keyDef.type === 'literal') {
          const keys =
            keyDef.type === 'enum'
              ? Object.values(keyDef.entries as Record<string, string>)
              : (keyDef.values as string[]);
          return fc.record(Object.fromEntries(keys.map((key) => [String(key), values])));
        }
        return fc.dictionary(build(def.keyType, `${path}{}`) as Arbitrary<string>, values, {
          maxKeys: maxItems,
        });
      }
      case 'map':
        return fc
          .array(fc.tuple(build(def.keyType, `${path}{}`), build(def.valueType, `${path}[]`)), {
            maxLength: maxItems,
          })
          .map((entries) => new Map(entries));
      case 'set': {
        const { min, max } = lengthBounds(def);
        return fc
          .uniqueArray(build(def.valueType, `${path}[]`), {
            minLength: min,
            maxLength: max ?? Math.max(min, maxItems),
          })
          .map((values) => new Set(values));
      }
      case 'optional':
        return fc.option(build(def.innerType, path), { nil: undefined });
      case 'nullable':
        return fc.option(build(def.innerType, path), { nil: null });
      case 'default':
      case 'prefault':
        return fc.option(build(def.innerType, path), { nil: undefined });
      case 'catch':
      case 'readonly':
      case 'success':
        return build(def.innerType, path);
      case 'nonoptional':
        return build(def.innerType, path).filter((value) => value !== undefined);
      case 'union':
        return fc.oneof(...(def.options as unknown[]).map((option) => build(option, path)));
      case 'intersection': {
        const left = defOf(def.left);
        const right = defOf(def.right);
        if (left.type !== 'object' || right.type !== 'object') {
          throw new UnsupportedSchemaError('intersection', path, 'only two objects intersect');
        }
        return fc
          .tuple(build(def.left, path), build(def.right, path))
          .map(([a, b]) => ({ ...(a as object), ...(b as object) }));
      }
      case 'pipe':
        return build(def.in, path);
      default:
        throw new UnsupportedSchemaError(def.type, path);
    }
  };
  return build(schema, '').filter((value) => schema.safeParse(value).success) as Arbitrary<T>;
}
