import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, realpath, rename, rm, symlink, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isUnsafePathError, openSafeFile, validateFilePath } from '../../src/index.js';
import { openValidatedFile } from '../../src/paths/open-safe-file.js';
import { checkFilePathOptions } from '../../src/paths/validate-file-path.js';

let base: string;
let root: string;

beforeAll(async () => {
  base = await realpath(await mkdtemp(join(tmpdir(), 'leanvibe-open-')));
  root = join(base, 'root');
  await mkdir(join(root, 'sub'), { recursive: true });
  await mkdir(join(base, 'outside'));
  await writeFile(join(base, 'outside', 'secret.txt'), 'outside secret');
  await writeFile(join(root, 'sub', 'secret.txt'), 'inside');
});

afterAll(async () => {
  await rm(base, { recursive: true, force: true });
});

async function expectRefused(promise: Promise<unknown>, violation: string): Promise<void> {
  const error = await promise.catch((e: unknown) => e);
  expect(isUnsafePathError(error), `expected UnsafePathError, got ${String(error)}`).toBe(true);
  expect((error as { violation: string }).violation).toBe(violation);
}

describe('openSafeFile', () => {
  it('opens a validated file and reads it', async () => {
    await writeFile(join(root, 'hello.txt'), 'hello');
    const handle = await openSafeFile('sub/../hello.txt', { root, allowedExtensions: ['.txt'] });
    try {
      await expect(handle.readFile('utf8')).resolves.toBe('hello');
    } finally {
      await handle.close();
    }
  });

  it('refuses what validateFilePath refuses', async () => {
    await expectRefused(openSafeFile('../outside/secret.txt', { root }), 'path_traversal');
    await expectRefused(
      openSafeFile('a.txt', { root, allowedExtensions: ['.md'] }),
      'invalid_file_extension',
    );
  });

  it('passes on the file system’s error for a file that does not exist', async () => {
    await expect(openSafeFile('missing.txt', { root })).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('cannot be made to read a file that was swapped for a link after validation', async () => {
    const file = join(root, 'swap.txt');
    await writeFile(file, 'harmless');
    const options = checkFilePathOptions({ root });
    const real = await validateFilePath('swap.txt', { root });
    await unlink(file);
    await symlink(join(base, 'outside', 'secret.txt'), file);
    await expectRefused(openValidatedFile('swap.txt', root, real, options), 'file_changed');
  });

  it('cannot be made to read through a directory swapped for a link after validation', async () => {
    await mkdir(join(root, 'dir'));
    await writeFile(join(root, 'dir', 'secret.txt'), 'inside');
    const options = checkFilePathOptions({ root });
    const real = await validateFilePath('dir/secret.txt', { root });
    await rename(join(root, 'dir'), join(root, 'dir-moved'));
    await symlink(join(base, 'outside'), join(root, 'dir'));
    await expectRefused(openValidatedFile('dir/secret.txt', root, real, options), 'file_changed');
  });

  it('accepts a file replaced inside the jail by another regular file', async () => {
    const file = join(root, 'replaced.txt');
    await writeFile(file, 'first');
    const options = checkFilePathOptions({ root });
    const real = await validateFilePath('replaced.txt', { root });
    const first = await openValidatedFile('replaced.txt', root, real, options);
    await first.close();
    await writeFile(join(root, 'other.txt'), 'second');
    await rename(join(root, 'other.txt'), file);
    // The name now holds another inode; a fresh open sees the new file and accepts it, since
    // it is the file that is inside the jail now.
    const second = await openValidatedFile('replaced.txt', root, real, options);
    await expect(second.readFile('utf8')).resolves.toBe('second');
    await second.close();
  });

  it('checks size and type on the opened file', async () => {
    const file = join(root, 'grows.txt');
    await writeFile(file, 'small');
    const real = await validateFilePath('grows.txt', { root, maxSizeBytes: 10 });
    await writeFile(file, 'now much larger than ten bytes');
    await expectRefused(
      openValidatedFile('grows.txt', root, real, checkFilePathOptions({ root, maxSizeBytes: 10 })),
      'file_too_large',
    );
  });

  it('refuses a FIFO without blocking on it', async () => {
    execFileSync('mkfifo', [join(root, 'pipe.txt')]);
    await expectRefused(openSafeFile('pipe.txt', { root }), 'not_a_file');
    const options = checkFilePathOptions({ root });
    await expectRefused(
      openValidatedFile('pipe.txt', root, join(root, 'pipe.txt'), options),
      'not_a_file',
    );
  });
});
