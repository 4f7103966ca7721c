import { mkdir, readdir, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { ScaffoldError } from './errors.js';
import type { GeneratedFile } from './render.js';

/** Throws `SCAFFOLD_TARGET_NOT_EMPTY` when `dir` exists and is not an empty folder (named `label` in the message). */
export async function checkTarget(dir: string, label: string = dir): Promise<void> {
  const target = resolve(dir);
  const info = await stat(target).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  if (info === undefined) return;
  if (!info.isDirectory()) {
    throw new ScaffoldError('SCAFFOLD_TARGET_NOT_EMPTY', `${label} exists and is not a folder`);
  }
  if ((await readdir(target)).length > 0) {
    throw new ScaffoldError(
      'SCAFFOLD_TARGET_NOT_EMPTY',
      `${label} exists and is not empty: choose a new folder or empty this one`,
    );
  }
}

/**
 * Writes `files` into `dir` (created when missing), after checking that `dir` is new or empty;
 * nothing is written when it is not.
 *
 * @example
 * ```ts
 * await writePlugin('my-plugin', renderPlugin({ name: 'my-plugin', type: 'workflow' }));
 * ```
 */
export async function writePlugin(dir: string, files: readonly GeneratedFile[]): Promise<void> {
  await checkTarget(dir);
  for (const file of files) {
    const path = join(resolve(dir), file.path);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, file.contents, { flag: 'wx' });
  }
}
