import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it, vi } from 'vitest';

// Every ```ts block of the README runs here (the first, core-basic, runs in examples/core-basic),
// importing this package's sources, with console.log captured.
const packageDir = fileURLToPath(new URL('..', import.meta.url));
const readme = readFileSync(join(packageDir, 'README.md'), 'utf8');
const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1] as string);
const dir = mkdtempSync(join(packageDir, '.readme-'));

afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(index: number): Promise<string[]> {
  const source = (blocks[index] as string)
    .replaceAll("'@leanvibe/core/logger'", "'../src/logger/index.js'")
    .replaceAll("'@leanvibe/core/contracts'", "'../src/contracts/index.js'")
    .replaceAll("'@leanvibe/core'", "'../src/index.js'");
  const file = join(dir, `block-${index}.ts`);
  writeFileSync(file, `${source}\nexport {};\n`);
  const lines: string[] = [];
  const spy = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
    lines.push(args.map((arg) => (typeof arg === 'string' ? arg : JSON.stringify(arg))).join(' '));
  });
  try {
    await import(file);
  } finally {
    spy.mockRestore();
  }
  return lines;
}

describe('README examples', () => {
  it('has the blocks this test knows', () => {
    expect(blocks).toHaveLength(7);
    expect(readme).toContain('<!-- example: core-basic -->\n```ts\n');
  });

  it('plugins: a PluginBase subclass, validated params', async () => {
    const lines = await run(1);
    expect(JSON.parse(lines[0] as string)).toMatchObject({
      success: true,
      pluginId: 'echo',
      data: 'abab',
    });
    expect(lines[1]).toMatch(/text: .*; times: /);
  });

  it('host: a hanging plugin times out on the manual clock', async () => {
    expect(await run(2)).toEqual(['PLUGIN_TIMEOUT after 1000 ms']);
  });

  it('config: every error, and the layers', async () => {
    const lines = await run(3);
    expect(JSON.parse(lines[0] as string)).toEqual([
      'name: must not be empty',
      'limits.maxMemoryMb: must be a number of MB > 0',
    ]);
    expect(JSON.parse(lines[1] as string)).toEqual({
      name: 'web-fetcher',
      enabled: false,
      limits: { maxExecutionTimeMs: 5000, concurrency: 4 },
      settings: {},
    });
  });

  it('helpers: lazy, chunks, task group', async () => {
    expect(await run(4)).toEqual([
      'true',
      'processed 2500',
      'processed 5000',
      'processed 7500',
      'processed 10000',
      '{"processed":10000,"chunks":4}',
      'group: one failed',
    ]);
  });

  it('logger: nested secrets redacted', async () => {
    const [line] = await run(5);
    const record = JSON.parse(line as string);
    expect(record).toMatchObject({
      name: 'hive',
      plugin: { id: 'fetcher' },
      request: { url: '/login', headers: { authorization: '[REDACTED]' } },
      user: { password: '[REDACTED]' },
      msg: 'signed in',
    });
  });

  it('contracts: errors, manual clock, Epic 1', async () => {
    const lines = await run(6);
    expect(lines[0]).toContain('PLUGIN_TIMEOUT true');
    expect(lines[0]).toContain('A non-Error value was thrown: \\"socket hang up\\" (a string)');
    expect(lines).toContain('timer fired at 100 ms');
    expect(lines.some((line) => /taskExecutionMs\s+- unmeasured/.test(line))).toBe(true);
    expect(lines.at(-1)).toBe('Epic 1: pass');
  });
});
