import {
  checkInteger,
  checkOptionsObject,
  invalidArgument,
  invalidOption,
} from '@leanvibe/core/contracts';

/** Characters {@link sanitizeString} removes by default and can be told to keep. */
export type SanitizeAllowance =
  /** Keep line breaks (`\r\n` and `\r` become `\n`). */
  | 'newline'
  /** Keep tabs. */
  | 'tab'
  /** Keep bidirectional controls (U+200E/F, U+061C, U+202A–E, U+2066–9), for right-to-left text. */
  | 'bidi';

/** Options of {@link sanitizeString}. */
export interface SanitizeStringOptions {
  /** The longest result, in code points (a surrogate pair is never split). */
  readonly maxLength: number;
  /**
   * Characters to keep that are removed by default.
   * @default []
   */
  readonly allow?: readonly SanitizeAllowance[];
}

const ALLOWANCES: readonly string[] = ['newline', 'tab', 'bidi'];
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point.
const CONTROL_EXCEPT_TAB_NEWLINE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;
// Invisible characters that hide or disguise text: zero-width space, word joiner, BOM, soft
// hyphen, Mongolian vowel separator, invisible operators. ZWJ and ZWNJ stay: scripts and emoji need them.
const INVISIBLE = /[\u00ad\u180e\u200b\u2060-\u2064\ufeff]/g;
const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * Cleans an untrusted string for storage or display: removes lone surrogates, normalises to NFC,
 * removes control characters (C0, DEL, C1), invisible characters and bidirectional controls
 * (unless `allow`ed), trims, and cuts to `maxLength` code points. It does not escape HTML or SQL:
 * escape for the place the text goes.
 *
 * @example
 * ```ts
 * sanitizeString('  hi\u0000 there\u202e  ', { maxLength: 100 }); // 'hi there'
 * ```
 */
export function sanitizeString(value: unknown, options: SanitizeStringOptions): string {
  const { maxLength, allow = [] } = checkOptionsObject('options', options);
  checkInteger('maxLength', maxLength, { min: 0 });
  if (!Array.isArray(allow) || !allow.every((a) => ALLOWANCES.includes(a))) {
    throw invalidOption('allow', "an array of 'newline', 'tab', 'bidi'", allow);
  }
  if (typeof value !== 'string') throw invalidArgument('value', 'a string', value);
  let text = value.replace(LONE_SURROGATE, '').normalize('NFC');
  text = allow.includes('newline') ? text.replace(/\r\n?/g, '\n') : text.replace(/[\r\n]/g, '');
  if (!allow.includes('tab')) text = text.replaceAll('\t', '');
  text = text.replace(CONTROL_EXCEPT_TAB_NEWLINE, '').replace(INVISIBLE, '');
  if (!allow.includes('bidi')) text = text.replace(BIDI, '');
  text = text.trim();
  if (text.length > maxLength) {
    // Fast check in code units first; then count code points so a pair is never split.
    let units = 0;
    let points = 0;
    while (units < text.length && points < maxLength) {
      units += (text.codePointAt(units) as number) > 0xffff ? 2 : 1;
      points += 1;
    }
    text = text.slice(0, units).trimEnd();
  }
  return text;
}
