import { fc, test } from '@fast-check/vitest';
import { isInvalidOptionError } from '@leanvibe/core/contracts';
import { describe, expect, it } from 'vitest';
import { isUnsafeJsonError, safeJsonParse, type UnsafeJsonReason } from '../../src/index.js';

function reasonOf(fn: () => unknown): UnsafeJsonReason | undefined {
  try {
    fn();
  } catch (error) {
    expect(isUnsafeJsonError(error)).toBe(true);
    expect((error as { code: string }).code).toBe('SECURITY_UNSAFE_JSON');
    return (error as { reason: UnsafeJsonReason }).reason;
  }
  return undefined;
}

describe('safeJsonParse', () => {
  it('parses ordinary JSON like JSON.parse', () => {
    const text =
      '{"a":[1,{"b":"proto-type"}],"prototype":1,"constructor":"x","c":{"constructor":{}}}';
    expect(safeJsonParse(text)).toEqual(JSON.parse(text));
    expect(safeJsonParse('[1,"two",null]')).toEqual([1, 'two', null]);
    expect(safeJsonParse('"\\u0041"')).toBe('A');
  });

  it.each([
    ['__proto__ at the top', '{"__proto__":{"admin":true}}'],
    ['__proto__ deep inside', '{"a":[{"b":{"__proto__":{"admin":true}}}]}'],
    ['an escaped __proto__', '{"\\u005f_proto__":{"admin":true}}'],
    [
      'a fully escaped __proto__',
      '{"\\u005f\\u005f\\u0070\\u0072\\u006f\\u0074\\u006f\\u005f\\u005f":1}',
    ],
    ['a __proto__ holding null', '{"__proto__":null}'],
    ['constructor.prototype', '{"constructor":{"prototype":{"admin":true}}}'],
    ['an escaped constructor.prototype', '{"\\u0063onstructor":{"\\u0070rototype":{}}}'],
    ['constructor.prototype inside an array', '[{"x":{"constructor":{"prototype":1}}}]'],
  ])('refuses %s', (_, text) => {
    expect(reasonOf(() => safeJsonParse(text))).toBe('forbidden_key');
  });

  it('never lets a refused text reach Object.prototype', () => {
    reasonOf(() => safeJsonParse('{"__proto__":{"polluted":true}}'));
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
  });

  it('wraps syntax errors, keeping the SyntaxError as cause', () => {
    let caught: unknown;
    try {
      safeJsonParse('{"a":');
    } catch (error) {
      caught = error;
    }
    expect(isUnsafeJsonError(caught)).toBe(true);
    expect((caught as { reason: string }).reason).toBe('syntax');
    expect((caught as Error).cause).toBeInstanceOf(SyntaxError);
  });

  it('enforces maxLength and refuses non-strings', () => {
    expect(safeJsonParse('[1]', { maxLength: 3 })).toEqual([1]);
    expect(reasonOf(() => safeJsonParse('[12]', { maxLength: 3 }))).toBe('too_long');
    expect(reasonOf(() => safeJsonParse(Buffer.from('{}') as never))).toBe('not_a_string');
    let caught: unknown;
    try {
      safeJsonParse('{}', { maxLength: -1 });
    } catch (error) {
      caught = error;
    }
    expect(isInvalidOptionError(caught)).toBe(true);
  });

  it('walks deeply nested input without overflowing the stack', () => {
    const depth = 50_000;
    const text = `${'['.repeat(depth)}{"__proto__":1}${']'.repeat(depth)}`;
    expect(reasonOf(() => safeJsonParse(text))).toBe('forbidden_key');
  });

  test.prop([fc.jsonValue()], { numRuns: 300 })(
    'agrees with JSON.parse on any JSON without forbidden keys',
    (value) => {
      const text = JSON.stringify(value);
      const hasForbidden = /"__proto__":|"constructor":\{/.test(text);
      if (hasForbidden) return;
      expect(safeJsonParse(text)).toEqual(JSON.parse(text));
    },
  );

  const key = fc.constantFrom('__proto__', 'constructor', 'prototype', 'a', 'toString');
  const tree = fc.letrec((tie) => ({
    node: fc.oneof(
      { depthSize: 'small' },
      fc.integer(),
      fc.dictionary(key, tie('node'), { maxKeys: 3 }),
      fc.array(tie('node'), { maxLength: 3 }),
    ),
  })).node;

  test.prop([tree, fc.boolean()], { numRuns: 500 })(
    'returns only objects with the ordinary prototype, or refuses',
    (value, escaped) => {
      let text = JSON.stringify(value);
      if (escaped) text = text.replaceAll('"_', '"\\u005f').replaceAll('"c', '"\\u0063');
      let parsed: unknown;
      try {
        parsed = safeJsonParse(text);
      } catch (error) {
        expect(isUnsafeJsonError(error)).toBe(true);
        return;
      }
      const stack = [parsed];
      while (stack.length > 0) {
        const current = stack.pop();
        if (typeof current !== 'object' || current === null) continue;
        expect(Object.getPrototypeOf(current)).toBe(
          Array.isArray(current) ? Array.prototype : Object.prototype,
        );
        expect(Object.hasOwn(current, '__proto__')).toBe(false);
        const ctor = (current as Record<string, unknown>).constructor;
        if (Object.hasOwn(current, 'constructor') && typeof ctor === 'object' && ctor !== null) {
          expect(Object.hasOwn(ctor, 'prototype')).toBe(false);
        }
        stack.push(...Object.values(current));
      }
    },
  );
});
