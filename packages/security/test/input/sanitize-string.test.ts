import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { sanitizeString } from '../../src/input/index.js';

describe('sanitizeString', () => {
  it('removes control, invisible and bidi characters, and trims', () => {
    expect(sanitizeString('  hi\u0000 the\u200bre\u202e\u0085 \u00ad ', { maxLength: 100 })).toBe(
      'hi there',
    );
    expect(sanitizeString('a\r\nb\tc\u007f', { maxLength: 100 })).toBe('abc');
  });

  it('keeps what `allow` names', () => {
    expect(sanitizeString('a\r\nb\rc\td', { maxLength: 100, allow: ['newline', 'tab'] })).toBe(
      'a\nb\nc\td',
    );
    expect(sanitizeString('\u202bשלום\u202c', { maxLength: 100, allow: ['bidi'] })).toBe(
      '\u202bשלום\u202c',
    );
  });

  it('keeps joiners that scripts and emoji need, and normalises to NFC', () => {
    const family = '👩\u200d👩\u200d👧';
    expect(sanitizeString(family, { maxLength: 100 })).toBe(family);
    expect(sanitizeString('e\u0301', { maxLength: 100 })).toBe('é');
  });

  it('removes lone surrogates and never splits a pair when cutting', () => {
    expect(sanitizeString('a\ud800b\udc00c', { maxLength: 100 })).toBe('abc');
    expect(sanitizeString('😀😀😀', { maxLength: 2 })).toBe('😀😀');
    expect(sanitizeString('ab cd', { maxLength: 3 })).toBe('ab');
    expect(sanitizeString('abc', { maxLength: 0 })).toBe('');
  });

  it('checks its arguments and options', () => {
    expect(() => sanitizeString(5, { maxLength: 1 })).toThrow('`value` must be a string, got 5');
    expect(() => sanitizeString('x', { maxLength: -1 })).toThrow(
      '`maxLength` must be an integer ≥ 0',
    );
    expect(() => sanitizeString('x', {} as never)).toThrow('`maxLength` must be');
    expect(() => sanitizeString('x', { maxLength: 1, allow: ['html' as never] })).toThrow(
      "`allow` must be an array of 'newline', 'tab', 'bidi'",
    );
  });

  test.prop([fc.string({ unit: 'binary', maxLength: 200 }), fc.nat(50)], { numRuns: 500 })(
    'returns well-formed, trimmed text within maxLength, without control characters',
    (input, maxLength) => {
      const out = sanitizeString(input, { maxLength });
      expect([...out].length).toBeLessThanOrEqual(maxLength);
      expect(
        /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(out),
      ).toBe(false);
      expect(out).toBe(out.trim());
      // biome-ignore lint/suspicious/noControlCharactersInRegex: looking for control characters is the point.
      expect(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u200b\ufeff]/.test(out)).toBe(
        false,
      );
      expect(sanitizeString(out, { maxLength })).toBe(out);
    },
  );
});
