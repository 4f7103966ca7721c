import { isInvalidOptionError } from '@leanvibe/core/contracts';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { redactionPaths, SECRET_FIELD_NAMES } from '../../src/index.js';

function logWith(paths: string[], fields: object): Record<string, unknown> {
  const lines: string[] = [];
  const logger = pino({ redact: { paths } }, { write: (line: string) => lines.push(line) });
  logger.info(fields, 'line');
  return JSON.parse(lines[0] as string) as Record<string, unknown>;
}

describe('redactionPaths', () => {
  it('gives pino paths that redact secrets at the top, one and two levels down', () => {
    const line = logWith(redactionPaths(), {
      password: 'p0',
      user: { name: 'ann', apiKey: 'k1' },
      req: {
        headers: { authorization: 'Bearer t', cookie: 'c', 'set-cookie': 's', accept: '*/*' },
      },
      'x-api-key': 'k0',
    });
    expect(line).toMatchObject({
      password: '[Redacted]',
      'x-api-key': '[Redacted]',
      user: { name: 'ann', apiKey: '[Redacted]' },
      req: {
        headers: {
          authorization: '[Redacted]',
          cookie: '[Redacted]',
          'set-cookie': '[Redacted]',
          accept: '*/*',
        },
      },
    });
  });

  it('covers every listed name once per level', () => {
    const paths = redactionPaths({ depth: 1 });
    expect(paths).toHaveLength(SECRET_FIELD_NAMES.length * 2);
    expect(paths).toContain('*.password');
    expect(paths).toContain('["set-cookie"]');
    expect(paths).toContain('*["set-cookie"]');
    expect(new Set(paths).size).toBe(paths.length);
  });

  it('takes its own names, extra names and depth', () => {
    expect(redactionPaths({ fields: ['pin'], extraFields: ['ssn', 'pin'], depth: 0 })).toEqual([
      'pin',
      'ssn',
    ]);
    const line = logWith(redactionPaths({ extraFields: ['ssn'], depth: 3 }), {
      a: { b: { c: { ssn: '1' } } },
    });
    expect(line).toMatchObject({ a: { b: { c: { ssn: '[Redacted]' } } } });
  });

  it('checks its options', () => {
    for (const options of [
      { depth: 6 },
      { depth: -1 },
      { fields: 'password' },
      { extraFields: [''] },
    ]) {
      let caught: unknown;
      try {
        redactionPaths(options as never);
      } catch (error) {
        caught = error;
      }
      expect(isInvalidOptionError(caught), JSON.stringify(options)).toBe(true);
    }
  });
});
