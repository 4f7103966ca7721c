import { constants, type FileHandle, open, readlink, realpath, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { UnsafePathError } from './errors.js';
import { resolveRelative } from './lexical.js';
import {
  type CheckedFilePathOptions,
  checkFileInfo,
  checkFilePathOptions,
  type FilePathOptions,
  isInside,
  realRoot,
  resolveChecked,
} from './validate-file-path.js';

// O_NOFOLLOW: refuse a final component that became a link. O_NONBLOCK: a FIFO swapped in must
// not block the open (it is then refused as not a regular file). Neither exists on Windows.
const FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);

async function fdPath(fd: number): Promise<string | undefined> {
  if (process.platform !== 'linux') return undefined;
  try {
    return await readlink(`/proc/self/fd/${fd}`);
  } catch {
    return undefined;
  }
}

/**
 * Opens `path` (a real path inside `root`, as {@link validateFilePath} returned it) read-only and
 * proves that the open file is the one that was validated: no link followed at the last step,
 * the descriptor's own path (on Linux) is `path`, the file at `path` now has the descriptor's
 * device and inode, and the directory is still where it was.
 */
export async function openValidatedFile(
  input: unknown,
  root: string,
  path: string,
  checked: CheckedFilePathOptions,
): Promise<FileHandle> {
  let handle: FileHandle;
  try {
    handle = await open(path, FLAGS);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ELOOP') {
      throw new UnsafePathError(
        'file_changed',
        input,
        'the file was replaced by a link after validation',
      );
    }
    throw error;
  }
  try {
    const info = await handle.stat();
    checkFileInfo(input, info, checked.maxSizeBytes);
    const opened = await fdPath(handle.fd);
    const now = await stat(path);
    const changed =
      (opened !== undefined && opened !== path) ||
      now.dev !== info.dev ||
      now.ino !== info.ino ||
      (await realpath(dirname(path))) !== dirname(path) ||
      !isInside(root, path);
    if (changed) {
      throw new UnsafePathError(
        'file_changed',
        input,
        'the file or a directory above it was replaced after validation',
      );
    }
    return handle;
  } catch (error) {
    await handle.close();
    throw error;
  }
}

/**
 * Validates `input` as {@link validateFilePath} does and opens the file read-only, then checks the
 * file it actually opened (type, size, identity), so that nothing can swap it between the check
 * and the use. Close the handle when done (`await handle.close()`).
 *
 * @throws {UnsafePathError} when the path is refused or the file changed under it; the file
 * system's own error (e.g. `ENOENT`) when it does not exist.
 * @example
 * ```ts
 * const handle = await openSafeFile(userPath, { root: '/srv/uploads', maxSizeBytes: 1_000_000 });
 * try {
 *   const text = await handle.readFile('utf8');
 * } finally {
 *   await handle.close();
 * }
 * ```
 */
export async function openSafeFile(input: unknown, options: FilePathOptions): Promise<FileHandle> {
  const checked = checkFilePathOptions(options);
  const segments = resolveRelative(input);
  const root = await realRoot(checked.root);
  const found = await resolveChecked(input, root, segments, checked);
  return openValidatedFile(input, root, found.path, checked);
}
