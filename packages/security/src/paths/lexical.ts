import { UnsafePathError } from './errors.js';

/** The longest path accepted, in UTF-16 code units. */
const MAX_PATH_LENGTH = 4096;
/** The longest segment accepted, in UTF-8 bytes (the limit of ext4, APFS and NTFS alike). */
const MAX_SEGMENT_BYTES = 255;

// Windows device names, reserved in every directory and with any extension (`nul.txt`).
const DEVICES = new Set([
  'CON',
  'PRN',
  'AUX',
  'NUL',
  'CONIN$',
  'CONOUT$',
  'CLOCK$',
  ...[...'0123456789¹²³'].flatMap((d) => [`COM${d}`, `LPT${d}`]),
]);

// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const PERCENT_ESCAPE = /%[0-9A-Fa-f]{2}/;
// Characters Windows refuses in names; refused everywhere so the verdict is the same on every OS.
const WINDOWS_RESERVED = /[<>"|?*]/;
// Invisible format and bidirectional control characters: zero-width spaces and joiners, the
// left-to-right and right-to-left marks, embeddings, overrides and isolates, and the BOM. In a name
// they make `evil\u202Etxt.exe` show as `evilexe.txt`: a spoofed name, never a real one.
const SPOOFING = /[\u200B-\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/;

function codePoint(char: string): string {
  return `U+${(char.codePointAt(0) as number).toString(16).toUpperCase().padStart(4, '0')}`;
}

function refuse(input: unknown, reason: string): never {
  throw new UnsafePathError('invalid_path', input, reason);
}

function checkSegment(input: string, segment: string): void {
  // `.`, `..` and the empty segment of a doubled separator are resolved later.
  if (segment === '.' || segment === '..' || segment === '') return;
  if (Buffer.byteLength(segment, 'utf8') > MAX_SEGMENT_BYTES) {
    refuse(input, `a segment is longer than ${MAX_SEGMENT_BYTES} bytes`);
  }
  if (/[. ]$/.test(segment)) refuse(input, 'a segment ends with a dot or a space');
  const stem = (segment.split('.')[0] as string).replace(/ +$/, '').toUpperCase();
  if (DEVICES.has(stem)) refuse(input, `\`${segment}\` is a Windows device name`);
}

/** The checks on the text alone; returns the segments (`.` and `..` still in place). */
function checkText(input: string): string[] {
  if (input.length === 0) refuse(input, 'it is empty');
  if (input.length > MAX_PATH_LENGTH)
    refuse(input, `it is longer than ${MAX_PATH_LENGTH} characters`);
  if (CONTROL.test(input)) refuse(input, 'it contains a NUL or control character');
  if (PERCENT_ESCAPE.test(input)) refuse(input, 'it contains a %-escape');
  if (input.includes('\\')) refuse(input, 'it contains a backslash');
  if (input.includes(':')) refuse(input, 'it contains `:` (a drive letter or a stream name)');
  if (WINDOWS_RESERVED.test(input)) refuse(input, 'it contains one of < > " | ? *');
  const spoof = SPOOFING.exec(input);
  if (spoof) {
    throw new UnsafePathError(
      'spoofed_name',
      input,
      `it contains ${codePoint(spoof[0])}, an invisible format or bidirectional control character that disguises a name`,
    );
  }
  if (input.startsWith('/'))
    refuse(input, 'it starts with a separator (paths are relative to the root)');
  if (input.endsWith('/')) refuse(input, 'it ends with a separator (it names a directory)');
  const segments = input.split('/');
  for (const segment of segments) checkSegment(input, segment);
  return segments;
}

/**
 * Checks a relative path as text, with the same verdict on every OS, and resolves its `.` and
 * `..` segments and doubled separators (`a//./b` is `a/b`). Returns the remaining segments; throws {@link UnsafePathError} otherwise.
 */
export function resolveRelative(input: unknown): string[] {
  if (typeof input !== 'string') refuse(input, 'it is not a string');
  const segments = checkText(input);
  const normalised = input.normalize('NFKC');
  if (normalised !== input) {
    // A name that NFKC turns into something refused (fullwidth `．．` or `／`) is refused too:
    // some file systems and tools normalise names, and then it would mean something else.
    const after = checkText(normalised);
    const dotted = (s: string | undefined) => s === '.' || s === '..';
    if (
      after.length !== segments.length ||
      after.some((s, i) => dotted(s) && !dotted(segments[i]))
    ) {
      refuse(input, 'it changes under NFKC normalisation into a separator or a dot segment');
    }
  }
  const resolved: string[] = [];
  for (const segment of segments) {
    if (segment === '.' || segment === '') continue;
    if (segment === '..') {
      if (resolved.length === 0) {
        throw new UnsafePathError('path_traversal', input, '`..` leads out of the root');
      }
      resolved.pop();
    } else {
      resolved.push(segment);
    }
  }
  if (resolved.length === 0) refuse(input, 'it names the root itself, not a file in it');
  return resolved;
}
