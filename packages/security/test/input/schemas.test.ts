import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  boundedArray,
  boundedString,
  sanitizedString,
  strictParams,
} from '../../src/input/index.js';

describe('zod helpers', () => {
  it('boundedString enforces its bounds and pattern', () => {
    const name = boundedString({ min: 2, max: 5, pattern: /^[a-z]+$/ });
    expect(name.parse('abc')).toBe('abc');
    expect(name.safeParse('a').success).toBe(false);
    expect(name.safeParse('abcdef').success).toBe(false);
    expect(name.safeParse('ABC').success).toBe(false);
    expect(boundedString({ max: 1 }).safeParse('').success).toBe(true);
  });

  it('sanitizedString cleans the value as it parses', () => {
    const comment = sanitizedString({ maxLength: 5, allow: ['newline'] });
    expect(comment.parse(' a\u0000b\nc\u202e ')).toBe('ab\nc');
    expect(comment.parse('abcdefgh')).toBe('abcde');
    expect(comment.safeParse(5).success).toBe(false);
  });

  it('boundedArray bounds the number of items and checks each', () => {
    const tags = boundedArray(boundedString({ max: 3 }), { min: 1, max: 2 });
    expect(tags.parse(['a', 'b'])).toEqual(['a', 'b']);
    expect(tags.safeParse([]).success).toBe(false);
    expect(tags.safeParse(['a', 'b', 'c']).success).toBe(false);
    expect(tags.safeParse(['abcd']).success).toBe(false);
  });

  it('strictParams refuses unknown keys, with their path', () => {
    const params = strictParams({
      url: boundedString({ max: 100 }),
      retries: z.number().int().max(5),
    });
    expect(params.parse({ url: 'https://a.example', retries: 1 })).toEqual({
      url: 'https://a.example',
      retries: 1,
    });
    const result = params.safeParse({ url: 'x', retries: 1, admin: true });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]).toMatchObject({ code: 'unrecognized_keys', keys: ['admin'] });
  });

  it('checks options when the schema is built', () => {
    expect(() => boundedString({ max: -1 })).toThrow('`options.max` must be an integer ≥ 0');
    expect(() => boundedString({ min: 3, max: 2 })).toThrow(
      '`options.min` must be an integer between 0 and 2',
    );
    expect(() => boundedString({ max: 2, pattern: '^a$' as never })).toThrow(
      '`options.pattern` must be a RegExp',
    );
    expect(() => boundedArray(z.string(), {} as never)).toThrow('`options.max` must be');
    expect(() => sanitizedString({ maxLength: 1.5 })).toThrow('`maxLength` must be an integer');
  });
});
