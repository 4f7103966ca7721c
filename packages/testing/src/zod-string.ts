import fc, { type Arbitrary } from 'fast-check';
import { UnsupportedSchemaError } from './unsupported-schema-error.js';
import type { ZodDef } from './zod-def.js';

const EMOJI = ['😀', '🚀', '🎉', '👍', '🔥', '🌍', '✅', '🧪'];

const base64Of = (encoding: 'base64' | 'base64url'): Arbitrary<string> =>
  fc.uint8Array({ maxLength: 24 }).map((bytes) => Buffer.from(bytes).toString(encoding));

const json64 = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

// Formats whose zod pattern fast-check cannot read (lookaheads) or that have no pattern.
const SPECIAL: Readonly<Record<string, () => Arbitrary<string>>> = {
  url: () => fc.webUrl(),
  hostname: () => fc.domain(),
  base64: () => base64Of('base64'),
  base64url: () => base64Of('base64url'),
  emoji: () =>
    fc.array(fc.constantFrom(...EMOJI), { minLength: 1, maxLength: 3 }).map((e) => e.join('')),
  duration: () =>
    fc
      .tuple(fc.nat({ max: 99 }), fc.constantFrom('Y', 'M', 'W', 'D'))
      .map(([n, unit]) => `P${n}${unit}`),
  jwt: () =>
    fc
      .tuple(
        fc.record({ sub: fc.string({ maxLength: 8 }) }),
        fc.uint8Array({ minLength: 8, maxLength: 32 }),
      )
      .map(
        ([payload, signature]) =>
          `${json64({ alg: 'HS256', typ: 'JWT' })}.${json64(payload)}.${Buffer.from(signature).toString('base64url')}`,
      ),
};

function formatArbitrary(check: ZodDef, path: string): Arbitrary<string> {
  const format = check.format as string;
  const special = SPECIAL[format];
  if (special !== undefined) return special();
  const pattern = check.pattern;
  if (!(pattern instanceof RegExp)) {
    throw new UnsupportedSchemaError(`string format '${format}'`, path);
  }
  try {
    return fc.stringMatching(pattern);
  } catch (error) {
    throw new UnsupportedSchemaError(
      `string format '${format}'`,
      path,
      `fast-check cannot generate from ${String(pattern)}: ${(error as Error).message}`,
    );
  }
}

/**
 * A string arbitrary for a zod string definition: the first format check (or the schema's own
 * format, as `z.email()` has) drives generation, length bounds shape plain strings; the caller
 * filters through the schema for anything else.
 */
export function stringArbitrary(
  def: ZodDef,
  checks: readonly ZodDef[],
  bounds: { min: number; max: number | undefined },
  path: string,
): Arbitrary<string> {
  const format = [def, ...checks].find((check) => check.check === 'string_format');
  if (format !== undefined) return formatArbitrary(format, path);
  return fc.string({
    minLength: bounds.min,
    maxLength: bounds.max ?? Math.max(bounds.min, 20),
  });
}
