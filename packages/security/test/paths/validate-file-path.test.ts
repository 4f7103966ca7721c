import { mkdir, mkdtemp, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fc, test } from '@fast-check/vitest';
import { isInvalidOptionError, isPluginSecurityError } from '@leanvibe/core/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isUnsafePathError, type PathViolation, validateFilePath } from '../../src/index.js';
import { resolveRelative } from '../../src/paths/lexical.js';

let base: string; // the real path of a fresh temporary directory
let root: string;

beforeAll(async () => {
  base = await realpath(await mkdtemp(join(tmpdir(), 'leanvibe-paths-')));
  root = join(base, 'root');
  await mkdir(join(root, 'docs', 'deep'), { recursive: true });
  await mkdir(join(base, 'root-sibling'));
  await mkdir(join(base, 'outside'));
  await writeFile(join(root, 'a.txt'), 'a');
  await writeFile(join(root, 'docs', 'b.txt'), 'b');
  await writeFile(join(root, 'docs', 'script.sh'), 'echo');
  await writeFile(join(root, 'big.txt'), 'x'.repeat(100));
  await writeFile(join(base, 'root-sibling', 'secret.txt'), 'sibling secret');
  await writeFile(join(base, 'outside', 'secret.txt'), 'outside secret');
  await symlink(join(base, 'outside', 'secret.txt'), join(root, 'out-file.txt'));
  await symlink(join(base, 'outside'), join(root, 'out-dir'));
  await symlink(join(base, 'root-sibling'), join(root, 'sibling-dir'));
  await symlink(join(root, 'missing.txt'), join(root, 'dangling.txt'));
  await symlink(join(root, 'docs', 'b.txt'), join(root, 'in-file.txt'));
  await symlink(join(root, 'docs'), join(root, 'in-dir'));
  await symlink(join(root, 'docs', 'script.sh'), join(root, 'disguised.txt'));
  await symlink(root, join(base, 'root-link'));
});

afterAll(async () => {
  await rm(base, { recursive: true, force: true });
});

async function violationOf(input: unknown, options: object = {}): Promise<PathViolation> {
  const error = await validateFilePath(input, { root, ...options }).catch((e: unknown) => e);
  expect(isUnsafePathError(error), `expected UnsafePathError, got ${String(error)}`).toBe(true);
  expect(isPluginSecurityError(error)).toBe(true);
  expect((error as { code: string }).code).toBe('SECURITY_UNSAFE_PATH');
  return (error as { violation: PathViolation }).violation;
}

describe('validateFilePath: the text', () => {
  it.each([
    ['a number', 42],
    ['null', null],
    ['an empty string', ''],
    ['a NUL byte', 'a.txt\0.png'],
    ['a newline', 'a\n.txt'],
    ['a C1 control character', 'a\u0085.txt'],
    ['a %-escape', '%2e%2e/etc/passwd'],
    ['an encoded slash', 'docs%2Fb.txt'],
    ['a backslash', 'docs\\b.txt'],
    ['a traversal with backslashes', '..\\..\\windows\\win.ini'],
    ['a drive letter', 'C:/Windows/win.ini'],
    ['a drive-relative path', 'C:a.txt'],
    ['a UNC path', '//server/share/a.txt'],
    ['an alternate data stream', 'a.txt:secret'],
    ['a leading separator', '/etc/passwd'],
    ['a device name', 'CON'],
    ['a device name with an extension', 'docs/nul.txt'],
    ['a device name with a space', 'com1 .log'],
    ['a superscript device', 'LPT¹.txt'],
    ['a trailing dot', 'a.txt.'],
    ['a trailing space', 'docs /b.txt'],
    ['a trailing slash', 'docs/'],
    ['a Windows-reserved character', 'a?.txt'],
    ['an over-long segment', `${'x'.repeat(252)}.txt`],
    ['an over-long multi-byte segment', `${'é'.repeat(126)}.txt`],
    ['an over-long path', `${'a/'.repeat(2100)}a.txt`],
    ['fullwidth dots', '．．/．．/etc/passwd'],
    ['fullwidth dots that stay inside', 'docs/．．/a.txt'],
    ['a fullwidth solidus', 'docs／b.txt'],
    ['a fullwidth reverse solidus', 'docs＼b.txt'],
    ['a fullwidth colon', 'a.txt：stream'],
    ['the root itself', '.'],
    ['the root through ..', 'docs/..'],
  ])('refuses %s', async (_, input) => {
    expect(await violationOf(input)).toBe('invalid_path');
  });

  it.each([
    ['..', '../root-sibling/secret.txt'],
    ['.. past the root from inside', 'docs/../../root-sibling/secret.txt'],
    ['a lone ..', '..'],
  ])('refuses a traversal: %s', async (_, input) => {
    expect(await violationOf(input)).toBe('path_traversal');
  });

  it('allows a .. that stays inside, and NFKC-stable non-ASCII names', async () => {
    await expect(validateFilePath('docs/deep/../b.txt', { root })).resolves.toBe(
      join(root, 'docs', 'b.txt'),
    );
    await expect(validateFilePath('./docs/./b.txt', { root })).resolves.toBe(
      join(root, 'docs', 'b.txt'),
    );
    await expect(validateFilePath('docs//b.txt', { root })).resolves.toBe(
      join(root, 'docs', 'b.txt'),
    );
    await expect(validateFilePath('.//docs///./deep/..//b.txt', { root })).resolves.toBe(
      join(root, 'docs', 'b.txt'),
    );
    await expect(validateFilePath('résumé 2024.txt', { root })).resolves.toBe(
      join(root, 'résumé 2024.txt'),
    );
  });

  it.each([
    ['a zero-width space', 'docs/b\u200B.txt', 'U+200B'],
    ['a zero-width joiner', '\u200Da.txt', 'U+200D'],
    ['a right-to-left mark', 'a\u200F.txt', 'U+200F'],
    ['a right-to-left override', 'evil\u202Etxt.exe', 'U+202E'],
    ['a left-to-right embedding', 'docs/\u202Ab.txt', 'U+202A'],
    ['a right-to-left isolate', 'a\u2067.txt', 'U+2067'],
    ['a pop directional isolate', 'docs\u2069/b.txt', 'U+2069'],
    ['a byte-order mark', '\uFEFFa.txt', 'U+FEFF'],
  ])('refuses a spoofed name: %s', async (_, input, named) => {
    expect(await violationOf(input)).toBe('spoofed_name');
    await expect(validateFilePath(input, { root })).rejects.toThrow(named);
  });

  it('quotes the refused path in its message', async () => {
    await expect(validateFilePath('../x', { root })).rejects.toThrow(
      'path "../x" (a string) refused: `..` leads out of the root',
    );
  });
});

describe('validateFilePath: the file system', () => {
  it('returns the real absolute path of a file inside the root', async () => {
    await expect(validateFilePath('a.txt', { root })).resolves.toBe(join(root, 'a.txt'));
  });

  it('treats a sibling whose name starts with the root’s as outside', async () => {
    expect(await violationOf('sibling-dir/secret.txt')).toBe('symlink_escape');
  });

  it('refuses links out of the root, to a file or through a directory', async () => {
    expect(await violationOf('out-file.txt')).toBe('symlink_escape');
    expect(await violationOf('out-dir/secret.txt')).toBe('symlink_escape');
    expect(await violationOf('out-dir/not-there.txt')).toBe('symlink_escape');
  });

  it('refuses a dangling link', async () => {
    expect(await violationOf('dangling.txt')).toBe('dangling_symlink');
  });

  it('follows links that stay inside, returning the real target', async () => {
    await expect(validateFilePath('in-file.txt', { root })).resolves.toBe(
      join(root, 'docs', 'b.txt'),
    );
    await expect(validateFilePath('in-dir/b.txt', { root })).resolves.toBe(
      join(root, 'docs', 'b.txt'),
    );
  });

  it('works with a root reached through a link, jailing to its real path', async () => {
    const viaLink = { root: join(base, 'root-link') };
    await expect(validateFilePath('docs/b.txt', viaLink)).resolves.toBe(
      join(root, 'docs', 'b.txt'),
    );
    const error = await validateFilePath('../root-sibling/secret.txt', viaLink).catch((e) => e);
    expect(error.violation).toBe('path_traversal');
  });

  it('returns the path of a file that does not exist yet, for creation', async () => {
    await expect(validateFilePath('docs/new/report.txt', { root })).resolves.toBe(
      join(root, 'docs', 'new', 'report.txt'),
    );
    await expect(validateFilePath('in-dir/new.txt', { root })).resolves.toBe(
      join(root, 'docs', 'new.txt'),
    );
  });

  it('checks extensions on the name asked for and on the real file', async () => {
    const options = { allowedExtensions: ['.TXT', '.tar.gz'] };
    await expect(validateFilePath('a.txt', { root, ...options })).resolves.toBeTypeOf('string');
    await expect(validateFilePath('x.tar.gz', { root, ...options })).resolves.toBeTypeOf('string');
    expect(await violationOf('docs/script.sh', options)).toBe('invalid_file_extension');
    expect(await violationOf('disguised.txt', options)).toBe('invalid_file_extension');
    expect(await violationOf('docs/.txt', options)).toBe('invalid_file_extension');
  });

  it('refuses files over maxSizeBytes and anything but a regular file', async () => {
    await expect(validateFilePath('big.txt', { root, maxSizeBytes: 100 })).resolves.toBeTypeOf(
      'string',
    );
    expect(await violationOf('big.txt', { maxSizeBytes: 99 })).toBe('file_too_large');
    expect(await violationOf('docs')).toBe('not_a_file');
    expect(await violationOf('a.txt/child.txt')).toBe('invalid_path');
  });

  it('checks its options', async () => {
    for (const [options, message] of [
      [{ root: join(base, 'nope') }, '`root` must be an existing directory'],
      [{ root: join(root, 'a.txt') }, '`root` must be an existing directory'],
      [{ root: '' }, '`root` must be a non-empty string'],
      [{ root, allowedExtensions: ['txt'] }, '`allowedExtensions` must be an array'],
      [{ root, allowedExtensions: '.txt' }, '`allowedExtensions` must be an array'],
      [{ root, maxSizeBytes: -1 }, '`maxSizeBytes` must be an integer ≥ 0'],
    ] as const) {
      const error = await validateFilePath('a.txt', options as never).catch((e: unknown) => e);
      expect(isInvalidOptionError(error)).toBe(true);
      expect((error as Error).message).toContain(message);
    }
  });
});

describe('validateFilePath: properties', () => {
  const piece = fc.constantFrom(
    'a',
    'b.txt',
    'docs',
    '.',
    '..',
    '/',
    '\\',
    ':',
    '%2e',
    '．',
    '／',
    ' ',
    '\0',
    'out-dir',
    'in-dir',
    'sibling-dir',
    'root-sibling',
    'dangling.txt',
    'é',
  );
  const candidate = fc.array(piece, { maxLength: 8 }).map((parts) => parts.join(''));

  test.prop([candidate], { numRuns: 300 })(
    'either refuses with UnsafePathError or returns a path inside the real root',
    async (input) => {
      try {
        const real = await validateFilePath(input, { root });
        expect(real === root || real.startsWith(`${root}/`)).toBe(true);
        expect(real.includes('/../')).toBe(false);
      } catch (error) {
        expect(isUnsafePathError(error), String(error)).toBe(true);
      }
    },
  );

  test.prop(
    [
      fc.array(fc.constantFrom('..', '.', 'docs', 'deep', 'x.txt'), {
        minLength: 1,
        maxLength: 10,
      }),
    ],
    {
      numRuns: 300,
    },
  )('refuses exactly the paths whose `..` climbs above the root', async (segments) => {
    let depth = 0;
    let escapes = false;
    for (const segment of segments) {
      if (segment === '..') depth -= 1;
      else if (segment !== '.') depth += 1;
      if (depth < 0) escapes = true;
    }
    const error = await validateFilePath(segments.join('/'), { root }).catch((e: unknown) => e);
    const violation =
      typeof error === 'string' ? undefined : (error as { violation?: string }).violation;
    expect(violation === 'path_traversal').toBe(escapes);
  });
});

const SPOOFING_CHARS = [
  ...Array.from({ length: 5 }, (_, i) => 0x200b + i),
  ...Array.from({ length: 5 }, (_, i) => 0x202a + i),
  ...Array.from({ length: 4 }, (_, i) => 0x2066 + i),
  0xfeff,
].map((code) => String.fromCodePoint(code));
// Names the lexical checks accept: letters, digits, `-` and `_`, never ending in a dot.
const safeSegment = fc.stringMatching(/^[a-z0-9_-]{1,12}$/);
const separator = fc.constantFrom('/', '//', '///', '/./', '/././', '/.//');

describe('validateFilePath: properties', () => {
  test.prop([
    fc.array(safeSegment, { minLength: 1, maxLength: 5 }),
    fc.array(separator, { maxLength: 5 }),
    fc.boolean(),
  ])(
    'redundant separators and `.` segments normalise to the clean join',
    (segments, separators, leadingDot) => {
      const messy = segments.reduce((path, segment, i) =>
        i === 0 ? segment : `${path}${separators[i - 1] ?? '/'}${segment}`,
      );
      const input = leadingDot ? `./${messy}` : messy;
      expect(resolveRelative(input)).toEqual(segments);
    },
  );

  test.prop([
    fc.array(safeSegment, { minLength: 1, maxLength: 4 }),
    fc.constantFrom(...SPOOFING_CHARS),
    fc.nat(),
    fc.nat(),
  ])(
    'a format or bidirectional control character anywhere in a segment is refused as a spoofed name',
    (segments, char, at, where) => {
      const index = at % segments.length;
      const segment = segments[index] as string;
      const cut = where % (segment.length + 1);
      const spoofed = segments.with(index, segment.slice(0, cut) + char + segment.slice(cut));
      const error = (() => {
        try {
          resolveRelative(spoofed.join('/'));
        } catch (thrown) {
          return thrown;
        }
      })();
      expect(isUnsafePathError(error) && error.violation).toBe('spoofed_name');
    },
  );
});
