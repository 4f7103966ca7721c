import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { loadPluginConfig, PluginConfig, toEnvName, validatePluginConfig } from '../src/index.js';

describe('validatePluginConfig', () => {
  it('reports every problem, each naming its field', () => {
    const result = validatePluginConfig({ name: '', limits: { maxMemoryMb: -1 } });
    expect(result).toEqual({
      ok: false,
      errors: [
        { path: ['name'], message: 'must not be empty' },
        { path: ['limits', 'maxMemoryMb'], message: 'must be a number of MB > 0' },
      ],
    });
  });

  it('applies defaults to a valid config', () => {
    expect(validatePluginConfig({ name: 'fetcher' })).toEqual({
      ok: true,
      value: { name: 'fetcher', enabled: true, limits: {}, settings: {} },
    });
  });

  it('refuses unknown keys, so typos never pass', () => {
    const result = validatePluginConfig({ name: 'x', limts: {} });
    expect(result.ok).toBe(false);
  });

  it('validates against a schema of your own', () => {
    const schema = z.object({ url: z.url() });
    expect(validatePluginConfig({ url: 'nope' }, schema).ok).toBe(false);
    expect(validatePluginConfig({ url: 'https://example.com' }, schema)).toMatchObject({
      ok: true,
    });
  });

  const validLimits = fc.record(
    {
      maxExecutionTimeMs: fc.double({ min: 0.001, max: 1e6, noNaN: true }),
      maxMemoryMb: fc.double({ min: 0.001, max: 1e6, noNaN: true }),
      concurrency: fc.integer({ min: 1, max: 1000 }),
      maxQueue: fc.integer({ min: 0, max: 1000 }),
    },
    { requiredKeys: [] },
  );

  test.prop([fc.string({ minLength: 1 }), validLimits])(
    'accepts every valid config',
    (name, limits) => {
      const result = validatePluginConfig({ name, limits });
      expect(result.ok).toBe(true);
      if (result.ok) expect(result.value.limits).toEqual(limits);
    },
  );

  test.prop([
    fc.record(
      {
        name: fc.constant(''),
        maxMemoryMb: fc.double({ max: 0, noNaN: true }),
        concurrency: fc.integer({ max: 0 }),
        maxQueue: fc.integer({ max: -1 }),
      },
      { requiredKeys: [] },
    ),
  ])('reports exactly the fields that are wrong', (bad) => {
    const { name, ...limits } = bad;
    const result = validatePluginConfig({ name: name ?? 'ok', limits });
    const expected = Object.keys(bad)
      .map((key) => (key === 'name' ? 'name' : `limits.${key}`))
      .sort();
    if (expected.length === 0) {
      expect(result.ok).toBe(true);
      return;
    }
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.map((e) => e.path.join('.')).sort()).toEqual(expected);
  });
});

describe('toEnvName', () => {
  it.each([
    ['maxMemoryMb', 'MAX_MEMORY_MB'],
    ['web-fetcher', 'WEB_FETCHER'],
    ['apiKey', 'API_KEY'],
    ['HTTPTimeout', 'HTTP_TIMEOUT'],
    ['a__b', 'A_B'],
  ])('%s → %s', (key, name) => {
    expect(toEnvName(key)).toBe(name);
  });
});

describe('loadPluginConfig', () => {
  const dir = mkdtempSync(join(tmpdir(), 'leanvibe-config-'));
  const file = join(dir, 'fetcher.json');
  writeFileSync(
    file,
    JSON.stringify({ limits: { maxExecutionTimeMs: 500, concurrency: 2 }, description: 'file' }),
  );

  it('layers defaults < file < environment, coercing by the schema', () => {
    const result = loadPluginConfig({
      name: 'web-fetcher',
      defaults: { description: 'defaults', limits: { maxQueue: 10, concurrency: 1 } },
      file,
      env: {
        LEANVIBE_WEB_FETCHER_LIMITS__CONCURRENCY: '8',
        LEANVIBE_WEB_FETCHER_ENABLED: 'false',
        LEANVIBE_WEB_FETCHER_SETTINGS: '{"region":"eu"}',
        LEANVIBE_WEB_FETCHER_UNKNOWN: 'ignored',
        LEANVIBE_OTHER_ENABLED: 'ignored',
      },
    });
    expect(result).toEqual({
      ok: true,
      value: {
        name: 'web-fetcher',
        description: 'file',
        enabled: false,
        limits: { maxQueue: 10, concurrency: 8, maxExecutionTimeMs: 500 },
        settings: { region: 'eu' },
      },
    });
  });

  it('reports bad variables by name, with every other problem', () => {
    const result = loadPluginConfig({
      name: 'web-fetcher',
      defaults: { version: 'x' },
      env: {
        LEANVIBE_WEB_FETCHER_LIMITS__MAX_MEMORY_MB: 'lots',
        LEANVIBE_WEB_FETCHER_LIMITS__CONCURRENCY: '0',
        LEANVIBE_WEB_FETCHER_ENABLED: 'maybe',
        LEANVIBE_WEB_FETCHER_SETTINGS: '{oops',
      },
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const byVariable = Object.fromEntries(
      result.errors.map((e) => [e.variable ?? e.path.join('.'), e]),
    );
    expect(byVariable.LEANVIBE_WEB_FETCHER_LIMITS__MAX_MEMORY_MB?.message).toBe(
      'LEANVIBE_WEB_FETCHER_LIMITS__MAX_MEMORY_MB must be a number, got "lots"',
    );
    expect(byVariable.LEANVIBE_WEB_FETCHER_LIMITS__CONCURRENCY?.message).toBe(
      'LEANVIBE_WEB_FETCHER_LIMITS__CONCURRENCY: must be an integer ≥ 1',
    );
    expect(byVariable.LEANVIBE_WEB_FETCHER_ENABLED?.source).toBe('env');
    expect(byVariable.LEANVIBE_WEB_FETCHER_SETTINGS?.message).toMatch(/must be JSON/);
    expect(byVariable.version).toMatchObject({
      source: 'defaults',
      message: 'version: must be a semver version like 1.2.3',
    });
  });

  it('reports a missing or malformed file', () => {
    const missing = loadPluginConfig({ name: 'x', file: join(dir, 'nope.json'), env: {} });
    expect(missing.ok ? '' : missing.errors[0]?.message).toMatch(/cannot read .*nope\.json/);
    const array = join(dir, 'array.json');
    writeFileSync(array, '[1]');
    const wrong = loadPluginConfig({ name: 'x', file: array, env: {} });
    expect(wrong.ok ? '' : wrong.errors[0]?.message).toMatch(/must hold a JSON object/);
    const typo = join(dir, 'typo.json');
    writeFileSync(typo, '{"limits":{"concurrency":"2"}}');
    const fromFile = loadPluginConfig({ name: 'x', file: new URL(`file://${typo}`), env: {} });
    expect(fromFile.ok ? undefined : fromFile.errors[0]?.source).toBe('file');
  });

  it('reads only the keys a custom schema knows, nested with __', () => {
    const schema = z.object({
      db: z.object({ host: z.string(), port: z.number().int(), tls: z.boolean().default(false) }),
      tags: z.array(z.string()).default([]),
    });
    const result = loadPluginConfig({
      name: 'store',
      schema,
      env: {
        LEANVIBE_STORE_DB__HOST: 'db.local',
        LEANVIBE_STORE_DB__PORT: '5432',
        LEANVIBE_STORE_DB__TLS: 'yes',
        LEANVIBE_STORE_TAGS: '["a","b"]',
        LEANVIBE_STORE_NAME: 'not in this schema',
      },
    });
    expect(result).toEqual({
      ok: true,
      value: { db: { host: 'db.local', port: 5432, tls: true }, tags: ['a', 'b'] },
    });
  });

  it('validates its options', () => {
    expect(() => loadPluginConfig({ name: '' })).toThrow('`name` must be a non-empty string');
    expect(PluginConfig.safeParse({ name: 'a' }).success).toBe(true);
  });
});
