import { test } from '@fast-check/vitest';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import {
  arbitraryFromSchema,
  invalidArbitraryFromSchema,
  invalidParamsArbitrary,
  isUnsupportedSchemaError,
  manifestArbitrary,
  paramsArbitrary,
  taskArbitrary,
} from '../src/index.js';
import { SumPlugin } from './support/plugins.js';

const everything = z.object({
  name: z.string().min(2).max(8),
  email: z.email(),
  site: z.url(),
  id: z.uuid(),
  ip: z.ipv4(),
  when: z.iso.datetime(),
  day: z.iso.date(),
  span: z.iso.duration(),
  host: z.hostname(),
  token: z.jwt(),
  blob: z.base64(),
  mood: z.emoji(),
  code: z.string().regex(/^[A-Z]{3}-\d{2}$/),
  prefixed: z.string().startsWith('lv_'),
  count: z.number().int().min(1).lt(10),
  ratio: z.number().gt(0).max(1),
  even: z.number().multipleOf(2).min(0).max(100),
  big: z.bigint(),
  flag: z.boolean(),
  born: z.date(),
  mode: z.enum(['sum', 'max']),
  kind: z.literal('fixed'),
  tags: z.array(z.string().max(5)).min(1).max(3),
  pair: z.tuple([z.string(), z.number()]),
  rest: z.tuple([z.boolean()], z.number()),
  scores: z.record(z.string(), z.number()),
  perMode: z.record(z.enum(['a', 'b']), z.boolean()),
  lookup: z.map(z.string(), z.number()),
  unique: z.set(z.number()),
  maybe: z.string().optional(),
  nothing: z.number().nullable(),
  defaulted: z.number().default(3),
  either: z.union([z.string(), z.number()]),
  shape: z.discriminatedUnion('type', [
    z.object({ type: z.literal('a'), a: z.string() }),
    z.object({ type: z.literal('b'), b: z.number() }),
  ]),
  both: z.intersection(z.object({ x: z.number() }), z.object({ y: z.string() })),
  piped: z.string().transform((s) => s.length),
  anything: z.unknown(),
  caught: z.number().catch(0),
  frozen: z.readonly(z.object({ k: z.string() })),
  required: z.string().optional().nonoptional(),
  nil: z.null(),
  undef: z.undefined(),
  refined: z
    .number()
    .int()
    .refine((n) => n % 3 === 0),
});

describe('arbitraryFromSchema', () => {
  test.prop([arbitraryFromSchema(everything)], { numRuns: 60 })(
    'generates only values the schema accepts',
    (value) => {
      const parsed = everything.safeParse(value);
      expect(parsed.error?.issues ?? []).toEqual([]);
    },
  );

  it('leaves optional and defaulted keys out sometimes', () => {
    const schema = z.object({ a: z.string().optional(), b: z.number().default(1) });
    const values = fc.sample(arbitraryFromSchema<Record<string, unknown>>(schema), 100);
    expect(values.some((v) => !('a' in v))).toBe(true);
    expect(values.some((v) => 'b' in v)).toBe(true);
  });

  it.each([
    ['lazy', z.object({ tree: z.lazy(() => z.string()) }), 'tree'],
    ['custom', z.object({ c: z.custom<string>(() => true) }), 'c'],
    ['promise', z.promise(z.string()), ''],
    ['symbol', z.object({ items: z.array(z.symbol()) }), 'items[]'],
    ['never', z.never(), ''],
    ['intersection', z.intersection(z.string(), z.string()), ''],
  ])('says plainly that %s is not supported, and where', (type, schema, path) => {
    try {
      arbitraryFromSchema(schema);
      expect.unreachable();
    } catch (error) {
      expect(isUnsupportedSchemaError(error)).toBe(true);
      expect((error as Error).message).toContain(`'${type}'`);
      expect((error as { path: string }).path).toBe(path);
    }
  });

  it('takes an override for a path it cannot derive', () => {
    const schema = z.object({ tree: z.lazy(() => z.string()) });
    const arb = arbitraryFromSchema(schema, { overrides: { tree: fc.constant('leaf') } });
    expect(fc.sample(arb, 3)).toEqual([{ tree: 'leaf' }, { tree: 'leaf' }, { tree: 'leaf' }]);
  });

  it('refuses what is not a zod 4 schema', () => {
    expect(() => arbitraryFromSchema({ parse() {} })).toThrow('`schema` must be a zod 4 schema');
  });
});

describe('invalidArbitraryFromSchema', () => {
  const params = z.object({
    values: z.array(z.number().int()).max(3),
    mode: z.enum(['sum', 'max']),
    label: z.string().min(2).optional(),
  });

  test.prop([invalidArbitraryFromSchema(params)], { numRuns: 100 })(
    'generates only values the schema rejects',
    (value) => {
      expect(params.safeParse(value).success).toBe(false);
    },
  );

  it('removes required keys, breaks types and leaves bounds', () => {
    const values = fc.sample(invalidArbitraryFromSchema(params), { numRuns: 300, seed: 1 });
    const objects = values.filter(
      (v): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v),
    );
    expect(objects.some((v) => !('mode' in v))).toBe(true);
    expect(objects.some((v) => Array.isArray(v.values) && v.values.length === 4)).toBe(true);
    expect(objects.some((v) => v.label === 'a')).toBe(true);
    expect(values.some((v) => v === null)).toBe(true);
  });

  it('refuses a schema that accepts everything', () => {
    expect(() => invalidArbitraryFromSchema(z.unknown())).toThrow(
      '`schema` must be a schema that rejects some values',
    );
  });
});

describe('plugin arbitraries', () => {
  const plugin = new SumPlugin();

  test.prop([paramsArbitrary(plugin)])('params satisfy the plugin schema', (params) => {
    expect(plugin.manifest.params?.safeParse(params).success).toBe(true);
  });

  test.prop([invalidParamsArbitrary(plugin)])('invalid params do not', (params) => {
    expect(plugin.manifest.params?.safeParse(params).success).toBe(false);
  });

  test.prop([taskArbitrary(plugin)])('tasks have one of its types and valid params', (task) => {
    expect(plugin.manifest.taskTypes).toContain(task.type);
    expect(plugin.manifest.params?.safeParse(task.params).success).toBe(true);
    expect(task.signal.aborted).toBe(false);
  });

  test.prop([manifestArbitrary()])('manifests are well-formed', (manifest) => {
    expect(manifest.name).toMatch(/^[a-z][a-z0-9-]*$/);
    expect(manifest.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(manifest.taskTypes.length).toBeGreaterThan(0);
  });

  it('refuses a plugin without a zod params schema', () => {
    const { params: _params, ...manifest } = plugin.manifest;
    const bare = { pluginId: 'bare', manifest: { ...manifest, name: 'bare' } };
    expect(() => paramsArbitrary(bare)).toThrow(
      /`plugin` must be a plugin whose manifest.params is a zod 4 schema/,
    );
    expect(fc.sample(taskArbitrary(bare), 1)[0]?.params).toEqual({});
  });
});
