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

  // Every module a cold load pulls in, in a fresh process: for `require`, the CommonJS cache;
  // for `import`, every URL the ESM loader resolves, reported by a resolve hook.
  function modulesLoadedBy(specifier: string, how: 'import' | 'require'): string[] {
    const hook = `
      let port;
      export function initialize(data) { port = data.port; }
      export async function resolve(specifier, context, next) {
        const result = await next(specifier, context);
        port.postMessage(result.url);
        return result;
      }`;
    const script =
      how === 'require'
        ? `
      const { createRequire } = await import('node:module');
      const require = createRequire(process.cwd() + '/');
      require(${JSON.stringify(specifier)});
      process.stdout.write(JSON.stringify(Object.keys(require.cache)));`
        : `
      const { register } = await import('node:module');
      const { MessageChannel, receiveMessageOnPort } = await import('node:worker_threads');
      const { port1, port2 } = new MessageChannel();
      register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(hook)}), {
        data: { port: port2 },
        transferList: [port2],
      });
      await import(${JSON.stringify(specifier)});
      const urls = [];
      for (let message = receiveMessageOnPort(port1); message; message = receiveMessageOnPort(port1)) {
        urls.push(message.message);
      }
      port1.close();
      process.stdout.write(JSON.stringify(urls));`;
    const output = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: packageDir,
      encoding: 'utf8',
    });
    return JSON.parse(output) as string[];
  }

  it.each(['import', 'require'] as const)(
    'load neither zod nor pino for the contracts entry (%s)',
    (how) => {
      const loaded = modulesLoadedBy('@leanvibe/core/contracts', how);
      expect(loaded.some((file) => file.includes('contracts'))).toBe(true);
      expect(loaded.filter((file) => /[\\/](zod|pino|semver)[\\/]/.test(file))).toEqual([]);
    },
  );

  it.each(['import', 'require'] as const)(
    'load zod but not pino for the main entry (%s)',
    (how) => {
      const loaded = modulesLoadedBy('@leanvibe/core', how);
      expect(loaded.some((file) => /[\\/]zod[\\/]/.test(file))).toBe(true);
      expect(loaded.filter((file) => /[\\/]pino[\\/]/.test(file))).toEqual([]);
    },
  );

  it.each(['import', 'require'] as const)('load pino for the logger entry (%s)', (how) => {
    const loaded = modulesLoadedBy('@leanvibe/core/logger', how);
    expect(loaded.some((file) => /[\\/]pino[\\/]/.test(file))).toBe(true);
  });
});
