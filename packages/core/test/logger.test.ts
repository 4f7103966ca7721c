import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PluginError } from '../src/contracts/index.js';
import { createLogger, DEFAULT_REDACT_KEYS } from '../src/logger/index.js';

function capture() {
  const lines: string[] = [];
  return {
    destination: { write: (line: string) => void lines.push(line) },
    records: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

describe('createLogger', () => {
  it('redacts nested secrets in real pino output, leaving the input untouched', () => {
    const out = capture();
    const logger = createLogger({ destination: out.destination, name: 'hive' });
    const fields = {
      user: { name: 'ada', password: 'hunter2', profile: { apiKey: 'k-123', api_key: 'k-456' } },
      headers: [{ Authorization: 'Bearer abc' }, { accept: 'json' }],
      access_token: 'tok',
      maxTokens: 1000,
      secretName: 'visible: not a secret value',
    };
    logger.info(fields, 'signed in');
    const [record] = out.records();
    expect(record).toMatchObject({
      level: 30,
      name: 'hive',
      msg: 'signed in',
      user: {
        name: 'ada',
        password: '[REDACTED]',
        profile: { apiKey: '[REDACTED]', api_key: '[REDACTED]' },
      },
      headers: [{ Authorization: '[REDACTED]' }, { accept: 'json' }],
      access_token: '[REDACTED]',
      maxTokens: 1000,
      secretName: 'visible: not a secret value',
    });
    expect(fields.user.password).toBe('hunter2');
    expect(JSON.stringify(out.records())).not.toMatch(/hunter2|k-123|k-456|Bearer abc|"tok"/);
  });

  it('redacts child bindings and the fields of logged errors', () => {
    const out = capture();
    const logger = createLogger({
      destination: out.destination,
      bindings: { token: 'root-secret' },
    });
    const error = new PluginError('upstream failed', {
      pluginId: 'fetcher',
      details: { request: { headers: { cookie: 'session=1' } } },
      cause: Object.assign(new Error('socket'), { credentials: 'user:pw' }),
    });
    logger.child({ plugin: { id: 'fetcher', secret: 's3' } }).error({ err: error }, 'failed');
    const [record] = out.records();
    expect(record).toMatchObject({
      token: '[REDACTED]',
      plugin: { id: 'fetcher', secret: '[REDACTED]' },
      err: {
        type: 'PluginError',
        message: expect.stringContaining('upstream failed'),
        pluginId: 'fetcher',
      },
    });
    const text = JSON.stringify(record);
    expect(text).not.toContain('session=1');
    expect(text).not.toContain('root-secret');
    expect(text).not.toContain('s3');
    expect(error.details?.request).toEqual({ headers: { cookie: 'session=1' } });
  });

  it('takes its own keys, paths and censor, and survives cycles', () => {
    const out = capture();
    const logger = createLogger({
      destination: out.destination,
      redactKeys: ['ssn'],
      redactPaths: ['req.id'],
      censor: '***',
      level: 'debug',
    });
    const cyclic: Record<string, unknown> = { ssn: '123', password: 'kept' };
    cyclic.self = cyclic;
    logger.debug({ person: cyclic, req: { id: 'r1' } }, 'custom');
    const [record] = out.records();
    expect(record).toMatchObject({ person: { ssn: '***', password: 'kept' }, req: { id: '***' } });
    expect(DEFAULT_REDACT_KEYS).toContain('apikey');
  });

  it('honours the level and writes to a file path', async () => {
    const out = capture();
    const logger = createLogger({ destination: out.destination, level: 'warn' });
    logger.info('hidden');
    logger.warn('shown');
    expect(out.records().map((r) => r.msg)).toEqual(['shown']);
    expect(logger.isLevelEnabled('info')).toBe(false);
    const file = join(mkdtempSync(join(tmpdir(), 'leanvibe-log-')), 'app.log');
    const toFile = createLogger({ destination: file });
    toFile.info({ password: 'x' }, 'to file');
    toFile.flush();
    expect(readFileSync(file, 'utf8')).toContain('"password":"[REDACTED]"');
  });

  it('validates its options', () => {
    expect(() => createLogger({ level: 'loud' as never })).toThrow(/`level` must be one of/);
    expect(() => createLogger({ redactKeys: [''] })).toThrow(/`redactKeys`/);
    expect(() => createLogger({ redactPaths: [5 as never] })).toThrow(/`redactPaths`/);
    expect(() => createLogger({ destination: {} as never })).toThrow(/`destination`/);
  });
});
