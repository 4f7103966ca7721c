import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const packageDir = fileURLToPath(new URL('../..', import.meta.url));

function loadedBy(script: string, type: 'module' | 'commonjs'): string[] {
  const output = execFileSync(process.execPath, [`--input-type=${type}`, '-e', script], {
    cwd: packageDir,
    encoding: 'utf8',
  });
  return JSON.parse(output) as string[];
}

// In a child process, so that nothing this test runner loaded counts.
const cjs = (after: string) => `
  const before = new Set(Object.keys(require.cache));
  const security = require('@leanvibe/security');
  ${after}
  const loaded = Object.keys(require.cache).filter((file) => !before.has(file));
  process.stdout.write(JSON.stringify(loaded));
`;

describe('the main entry (URLs and fetch)', () => {
  it('loads neither zod nor undici nor ipaddr.js when imported (CommonJS)', () => {
    const loaded = loadedBy(cjs(''), 'commonjs');
    expect(loaded.some((file) => file.includes('contracts'))).toBe(true);
    expect(loaded.filter((file) => file.includes('ipaddr.js'))).toEqual([]);
    expect(loaded.filter((file) => /[\\/]zod[\\/]/.test(file))).toEqual([]);
    expect(loaded.filter((file) => /[\\/]undici[\\/]/.test(file))).toEqual([]);
  });

  it('loads ipaddr.js on the first address, and not undici', () => {
    const loaded = loadedBy(cjs("security.classifyAddress('0x7f.1');"), 'commonjs');
    expect(loaded.some((file) => file.includes('ipaddr.js'))).toBe(true);
    expect(loaded.filter((file) => /[\\/]undici[\\/]/.test(file))).toEqual([]);
  });

  it('loads undici on the first dispatcher, not before', () => {
    const loaded = loadedBy(cjs('security.createSafeDispatcher().close();'), 'commonjs');
    expect(loaded.some((file) => /[\\/]undici[\\/]/.test(file))).toBe(true);
    expect(loaded.filter((file) => /[\\/]zod[\\/]/.test(file))).toEqual([]);
  });

  it('creates a dispatcher from the ESM build too', () => {
    const script = `
      const security = await import('@leanvibe/security');
      const dispatcher = security.createSafeDispatcher();
      await dispatcher.close();
      process.stdout.write(JSON.stringify([typeof dispatcher.dispatch, ...Object.keys(security)]));
    `;
    const [dispatch, ...exported] = loadedBy(script, 'module');
    expect(dispatch).toBe('function');
    expect(exported).toEqual(
      expect.arrayContaining(['validateUrl', 'safeFetch', 'createSafeAgent']),
    );
  });
});
