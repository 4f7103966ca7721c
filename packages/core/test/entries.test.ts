import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const packageDir = fileURLToPath(new URL('..', import.meta.url));

describe('package entries', () => {
  it('re-export the very same classes from the main entry, in CommonJS', () => {
    const main = require('@leanvibe/core');
    const contracts = require('@leanvibe/core/contracts');
    expect(main.PluginError).toBe(contracts.PluginError);
    expect(main.LeanVibeError).toBe(contracts.LeanVibeError);
    expect(main.systemClock).toBe(contracts.systemClock);
  });

  it('re-export the very same classes from the main entry, in ESM', async () => {
    const main = await import('@leanvibe/core');
    const contracts = await import('@leanvibe/core/contracts');
    expect(main.PluginError).toBe(contracts.PluginError);
    expect(main.createManualClock).toBe(contracts.createManualClock);
  });

  it('load nothing but Node built-ins for the contracts entry', () => {
    const script = `
      const before = new Set(Object.keys(require.cache));
      require('@leanvibe/core/contracts');
      const loaded = Object.keys(require.cache).filter((file) => !before.has(file));
      process.stdout.write(JSON.stringify(loaded));
    `;
    const output = execFileSync(process.execPath, ['-e', script], {
      cwd: packageDir,
      encoding: 'utf8',
    });
    const loaded = JSON.parse(output) as string[];
    expect(loaded.length).toBeGreaterThan(0);
    expect(loaded.filter((file) => file.includes('node_modules'))).toEqual([]);
  });
});
