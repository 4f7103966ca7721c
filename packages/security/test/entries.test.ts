import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const packageDir = fileURLToPath(new URL('..', import.meta.url));

function loadedBy(specifier: string): string[] {
  const script = `
    const before = new Set(Object.keys(require.cache));
    require(${JSON.stringify(specifier)});
    process.stdout.write(JSON.stringify(Object.keys(require.cache).filter((f) => !before.has(f))));
  `;
  return JSON.parse(
    execFileSync(process.execPath, ['-e', script], { cwd: packageDir, encoding: 'utf8' }),
  ) as string[];
}

describe('package entries', () => {
  it('the main entry loads no zod (nor any dependency but the contracts)', () => {
    const loaded = loadedBy('@leanvibe/security');
    expect(loaded.some((file) => file.includes('dist/index.cjs'))).toBe(true);
    expect(loaded.filter((file) => file.includes('node_modules'))).toEqual([]);
    expect(loaded.filter((file) => file.includes('zod'))).toEqual([]);
  });

  it('the input entry is where zod loads', () => {
    expect(loadedBy('@leanvibe/security/input').some((file) => file.includes('zod'))).toBe(true);
  });

  it('both entries load from ESM and share nothing surprising', async () => {
    const main = await import('@leanvibe/security');
    const input = await import('@leanvibe/security/input');
    expect(typeof main.Fernet).toBe('function');
    expect(typeof main.validateFilePath).toBe('function');
    expect(typeof input.sanitizeString).toBe('function');
    expect('sanitizeString' in main).toBe(false);
  });
});
