import { describe, expect, it } from 'vitest';
import { describeValue } from '../src/contracts/index.js';

describe('describeValue', () => {
  it.each([
    [-1, '-1'],
    [-0, '-0'],
    [Number.NaN, 'NaN'],
    ['5', '"5" (a string)'],
    [true, 'true'],
    [undefined, 'undefined'],
    [null, 'null'],
    [10n, '10n (a bigint)'],
    [Symbol('s'), 'Symbol(s) (a symbol)'],
    [function named() {}, 'a function named'],
    [() => {}, 'a function (anonymous)'],
    [[1, 2], 'an array of length 2'],
    [{ a: 1 }, 'an object {"a":1}'],
    [{}, 'an object'],
    [new Map(), 'an instance of Map'],
    [new TypeError('t'), 'TypeError: t'],
  ])('describes %s', (value, text) => {
    expect(describeValue(value)).toBe(text);
  });

  it('truncates long previews', () => {
    const text = describeValue('x'.repeat(500));
    expect(text.length).toBeLessThan(140);
    expect(text).toContain('…');
  });
});
