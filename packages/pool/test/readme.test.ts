import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const readme = readFileSync(join(packageDir, 'README.md'), 'utf8');
const blocks = [...readme.matchAll(/(<!-- example: [\w-]+ -->\s*)?```ts\n([\s\S]*?)```/g)]
  // The main example is run by examples/pool-basic, which checks it is the same code.
  .filter((match) => match[1] === undefined)
  .map((match) => match[2]!);

/** Runs a README block as a module (importing this package's source) and returns what it logged. */
async function run(code: string): Promise<string[]> {
  const dir = mkdtempSync(join(packageDir, '.readme-'));
  const logged: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
    logged.push(args.map(String).join(' '));
  });
  try {
    const file = join(dir, 'block.ts');
    writeFileSync(file, code.replaceAll("'@leanvibe/pool'", "'../src/index.js'"));
    await import(pathToFileURL(file).href);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return logged;
}

describe('README', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('has one more example besides the main one', () => {
    expect(blocks).toHaveLength(1);
  });

  it('“Failures, retries and leaked leases” runs and prints what it says', async () => {
    const logged = await run(blocks[0]!);
    expect(logged.slice(0, 4)).toEqual([
      'attempt 1: ECONNREFUSED',
      'attempt 2: ECONNREFUSED',
      'attempt 3: ECONNREFUSED',
      'true 3 pool "pool" could not create a resource after 3 attempts: ECONNREFUSED',
    ]);
    expect(logged[4]).toMatch(/^lease held 5000 ms, acquired at .*block\.ts/);
    expect(logged).toHaveLength(5);
  });
});
