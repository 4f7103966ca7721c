import { isDeepStrictEqual } from 'node:util';
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { defaultCacheKey } from '../src/index.js';

const leaf = fc.oneof(
  fc.string(),
  fc.integer(),
  fc.double({ noNaN: true }).filter((n) => !Object.is(n, -0)),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.bigInt(),
);
const value = fc.letrec((tie) => ({
  tree: fc.oneof(
    { depthSize: 'small' },
    leaf,
    fc.array(tie('tree'), { maxLength: 3 }),
    fc.dictionary(fc.string(), tie('tree'), { maxKeys: 3, noNullPrototype: true }),
  ),
})).tree;
const argsList = fc.array(value, { maxLength: 3 });

describe('defaultCacheKey', () => {
  test.prop([argsList, argsList])('gives equal keys exactly to equal arguments', (a, b) => {
    expect(
      Object.is(defaultCacheKey(a), defaultCacheKey(b)) ||
        defaultCacheKey(a) === defaultCacheKey(b),
    ).toBe(isDeepStrictEqual(a, b));
  });

  test.prop([argsList])('is stable', (args) => {
    expect(defaultCacheKey(args)).toEqual(defaultCacheKey(structuredClone(args)));
  });

  it('uses a lone primitive as its own key', () => {
    expect(defaultCacheKey(['id'])).toBe('id');
    expect(defaultCacheKey([7])).toBe(7);
    expect(defaultCacheKey([null])).toBe(null);
  });

  it('never confuses a lone string with a list of arguments', () => {
    const composite = defaultCacheKey(['a', 1]);
    expect(defaultCacheKey([composite])).not.toBe(composite);
  });

  it('keys an object without prototype like a plain one', () => {
    const bare = Object.assign(Object.create(null) as object, { a: 1 });
    expect(defaultCacheKey([bare])).toBe(defaultCacheKey([{ a: 1 }]));
  });

  it('keys dates by time and sorts object keys', () => {
    expect(defaultCacheKey([new Date(5)])).toBe(defaultCacheKey([new Date(5)]));
    expect(defaultCacheKey([{ a: 1, b: 2 }])).toBe(defaultCacheKey([{ b: 2, a: 1 }]));
  });

  it('refuses circular values, functions and symbols', () => {
    const circular: { self?: unknown } = {};
    circular.self = circular;
    expect(() => defaultCacheKey([circular])).toThrow('argument 0 (an object): it is circular');
    expect(() => defaultCacheKey([1, () => 1])).toThrow(
      'argument 1 (a function (anonymous)): a function has no stable value',
    );
    expect(() => defaultCacheKey([Symbol('s')])).toThrow('a symbol has no stable value');
  });

  it('accepts the same object twice when it is not circular', () => {
    const shared = { n: 1 };
    expect(defaultCacheKey([shared, [shared, shared]])).toBe('({"n":1},[{"n":1},{"n":1}])');
  });
});
