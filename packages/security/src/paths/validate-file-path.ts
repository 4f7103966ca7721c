import { lstat, realpath, stat } from 'node:fs/promises';
import { basename, isAbsolute, join, relative, resolve, sep } from 'node:path';
import {
  checkInteger,
  checkOptionsObject,
  checkString,
  invalidOption,
} from '@leanvibe/core/contracts';
import { UnsafePathError } from './errors.js';
import { resolveRelative } from './lexical.js';

/** Options of {@link validateFilePath} and {@link openSafeFile}. */
export interface FilePathOptions {
  /**
   * The jail: an existing directory. Paths are relative to it and may never leave it. It may be
   * reached through a symbolic link; its real path is the jail.
   */
  readonly root: string;
  /**
   * Extensions allowed, with their dot (`['.txt', '.json']`, or `'.tar.gz'`), compared without
   * regard to case, on the name asked for and on the real file it leads to.
   * @default undefined (any extension)
   */
  readonly allowedExtensions?: readonly string[];
  /**
   * The largest file accepted, in bytes.
   * @default Infinity
   */
  readonly maxSizeBytes?: number;
}

/** Options checked once per call. */
export interface CheckedFilePathOptions {
  readonly root: string;
  readonly extensions: readonly string[] | undefined;
  readonly maxSizeBytes: number;
}

/** Checks the options; `root` is resolved against the working directory. */
export function checkFilePathOptions(options: FilePathOptions): CheckedFilePathOptions {
  const { root, allowedExtensions, maxSizeBytes } = checkOptionsObject('options', options);
  checkString('root', root);
  let extensions: string[] | undefined;
  if (allowedExtensions !== undefined) {
    const ok =
      Array.isArray(allowedExtensions) &&
      allowedExtensions.every(
        (ext) => typeof ext === 'string' && /^\.[^/\\:\0]+$/.test(ext) && !ext.endsWith('.'),
      );
    if (!ok) {
      throw invalidOption(
        'allowedExtensions',
        'an array of extensions such as ".txt"',
        allowedExtensions,
      );
    }
    extensions = allowedExtensions.map((ext) => ext.toLowerCase());
  }
  return {
    root: resolve(root),
    extensions,
    maxSizeBytes: checkInteger('maxSizeBytes', maxSizeBytes ?? Infinity, {
      min: 0,
      allowInfinity: true,
    }),
  };
}

/** True when `path` is `root` or inside it; by `path.relative`, never by string prefix. */
export function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}

function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

/** The real path of the root, which must be an existing directory. */
export async function realRoot(root: string): Promise<string> {
  try {
    const real = await realpath(root);
    if ((await stat(real)).isDirectory()) return real;
  } catch (error) {
    if (errorCode(error) !== 'ENOENT' && errorCode(error) !== 'ENOTDIR') throw error;
  }
  throw invalidOption('root', 'an existing directory', root);
}

/** Refuses a name whose extension is not allowed. */
export function checkExtension(
  input: unknown,
  name: string,
  extensions: readonly string[] | undefined,
): void {
  if (extensions === undefined) return;
  const lower = name.toLowerCase();
  if (!extensions.some((ext) => lower.length > ext.length && lower.endsWith(ext))) {
    throw new UnsafePathError(
      'invalid_file_extension',
      input,
      `the extension of \`${name}\` is not one of ${extensions.join(', ')}`,
    );
  }
}

/**
 * Walks the path from the root one segment at a time with `lstat`, following a symbolic link only
 * when its real target stays inside the root. Returns the real path (of the file, or of the
 * deepest existing directory joined with the rest) and whether the file exists.
 */
export async function resolveInJail(
  input: unknown,
  root: string,
  segments: readonly string[],
): Promise<{ readonly path: string; readonly exists: boolean }> {
  let current = root;
  for (let i = 0; i < segments.length; i++) {
    const next = join(current, segments[i] as string);
    let info: Awaited<ReturnType<typeof lstat>>;
    try {
      info = await lstat(next);
    } catch (error) {
      if (errorCode(error) !== 'ENOENT') throw error;
      return { path: join(next, ...segments.slice(i + 1)), exists: false };
    }
    if (info.isSymbolicLink()) {
      let target: string;
      try {
        target = await realpath(next);
      } catch (error) {
        if (errorCode(error) !== 'ENOENT' && errorCode(error) !== 'ELOOP') throw error;
        throw new UnsafePathError(
          'dangling_symlink',
          input,
          `\`${segments.slice(0, i + 1).join('/')}\` is a link that leads nowhere`,
        );
      }
      if (!isInside(root, target)) {
        throw new UnsafePathError(
          'symlink_escape',
          input,
          `\`${segments.slice(0, i + 1).join('/')}\` is a link that leads out of the root`,
        );
      }
      current = target;
    } else {
      current = next;
    }
    if (i < segments.length - 1 && !(await stat(current)).isDirectory()) {
      throw new UnsafePathError(
        'invalid_path',
        input,
        `\`${segments.slice(0, i + 1).join('/')}\` is not a directory`,
      );
    }
  }
  return { path: current, exists: true };
}

/**
 * Checks an untrusted relative path against a jail and returns the real absolute path it names.
 *
 * The text is judged the same way on every OS: non-strings, empty paths, NUL and control
 * characters, `%`-escapes, backslashes, `:` (drive letters, UNC, alternate streams), a leading
 * separator, Windows device names (with any extension), trailing dots or spaces, segments over
 * 255 bytes, and names that NFKC normalisation turns into separators or dot segments are refused.
 * A `..` that stays inside the root is allowed. Then the file system is asked: the root's real
 * path is the jail, each segment is `lstat`ed, and symbolic links are followed only while they
 * stay inside (a dangling link is refused). An existing file must be a regular file no larger than
 * `maxSizeBytes`; a path that does not exist yet is returned for creation.
 *
 * To read the file, prefer {@link openSafeFile}: it checks the file it actually opened.
 *
 * @throws {UnsafePathError} with a `violation` saying why.
 * @example
 * ```ts
 * const real = await validateFilePath('reports/2024/../latest.csv', {
 *   root: '/srv/data',
 *   allowedExtensions: ['.csv'],
 * });
 * ```
 */
export async function validateFilePath(input: unknown, options: FilePathOptions): Promise<string> {
  const checked = checkFilePathOptions(options);
  const segments = resolveRelative(input);
  const root = await realRoot(checked.root);
  return (await resolveChecked(input, root, segments, checked)).path;
}

/** The shared part of {@link validateFilePath} and {@link openSafeFile}. */
export async function resolveChecked(
  input: unknown,
  root: string,
  segments: readonly string[],
  checked: CheckedFilePathOptions,
): Promise<{ readonly path: string; readonly exists: boolean }> {
  checkExtension(input, segments[segments.length - 1] as string, checked.extensions);
  const found = await resolveInJail(input, root, segments);
  if (!found.exists) return found;
  checkExtension(input, basename(found.path), checked.extensions);
  const info = await stat(found.path);
  checkFileInfo(input, info, checked.maxSizeBytes);
  return found;
}

/** Refuses anything but a regular file within the size limit. */
export function checkFileInfo(
  input: unknown,
  info: { isFile(): boolean; readonly size: number },
  maxSizeBytes: number,
): void {
  if (!info.isFile()) throw new UnsafePathError('not_a_file', input, 'it is not a regular file');
  if (info.size > maxSizeBytes) {
    throw new UnsafePathError(
      'file_too_large',
      input,
      `the file has ${info.size} bytes, more than maxSizeBytes (${maxSizeBytes})`,
    );
  }
}
