import { pbkdf2Sync, scryptSync } from 'node:crypto';
import { isInvalidOptionError } from '@leanvibe/core/contracts';
import { describe, expect, it } from 'vitest';
import { deriveKey, Fernet } from '../../src/index.js';

// The smallest work factors deriveKey accepts, to keep the suite fast; defaults are tested once.
const FAST_SCRYPT = { cost: 2 ** 14 } as const;
const FAST_PBKDF2 = { algorithm: 'pbkdf2', iterations: 100_000 } as const;

describe('deriveKey', () => {
  it('derives a Fernet key with scrypt and OWASP defaults, with a random 16-byte salt', async () => {
    const derived = await deriveKey('correct horse battery staple');
    expect(derived.params).toEqual({
      algorithm: 'scrypt',
      salt: derived.salt,
      cost: 2 ** 17,
      blockSize: 8,
      parallelization: 1,
    });
    const salt = Buffer.from(derived.salt, 'base64url');
    expect(salt).toHaveLength(16);
    const expected = scryptSync('correct horse battery staple', salt, 32, {
      N: 2 ** 17,
      r: 8,
      p: 1,
      maxmem: 2 ** 28,
    });
    expect(Buffer.from(derived.key, 'base64url').equals(expected)).toBe(true);
    expect(() => new Fernet(derived.key)).not.toThrow();
    expect(Object.isFrozen(derived) && Object.isFrozen(derived.params)).toBe(true);
  });

  it('uses a new salt each time, so one password gives different keys', async () => {
    const [a, b] = await Promise.all([deriveKey('pw', FAST_SCRYPT), deriveKey('pw', FAST_SCRYPT)]);
    expect(a.salt).not.toBe(b.salt);
    expect(a.key).not.toBe(b.key);
  });

  it('derives the same key again from the stored params', async () => {
    const first = await deriveKey('pw', { ...FAST_SCRYPT, blockSize: 9, parallelization: 2 });
    const again = await deriveKey('pw', JSON.parse(JSON.stringify(first.params)));
    expect(again).toEqual(first);
    const wrong = await deriveKey('pw!', first.params);
    expect(wrong.key).not.toBe(first.key);
  });

  it('derives with PBKDF2-HMAC-SHA256 (600,000 iterations by default)', async () => {
    const salt = new Uint8Array(16).fill(7);
    const derived = await deriveKey('pw', { ...FAST_PBKDF2, salt });
    expect(derived.params).toEqual({
      algorithm: 'pbkdf2',
      salt: Buffer.from(salt).toString('base64url').concat('=='),
      iterations: 100_000,
      digest: 'sha256',
    });
    expect(Buffer.from(derived.key, 'base64url')).toEqual(
      pbkdf2Sync('pw', salt, 100_000, 32, 'sha256'),
    );
    const byDefault = await deriveKey(Buffer.from('pw'), { algorithm: 'pbkdf2', salt });
    expect(byDefault.params).toMatchObject({ iterations: 600_000 });
  });

  it.each([
    [{ algorithm: 'md5' }, '`algorithm` must be one of'],
    [{ salt: new Uint8Array(8) }, '`salt` must be a Uint8Array or url-safe base64 of at least 16'],
    [{ salt: 'not base64!' }, '`salt` must be'],
    [{ algorithm: 'pbkdf2', iterations: 1000 }, '`iterations` must be an integer between 100000'],
    [{ cost: 1000 }, '`cost` must be a power of two'],
    [{ cost: 2 ** 23 }, '`cost` must be a power of two'],
    [{ blockSize: 4 }, '`blockSize` must be an integer between 8 and 32'],
    [{ parallelization: 0 }, '`parallelization` must be an integer between 1 and 16'],
  ])('rejects %o', async (options, message) => {
    const error = await deriveKey('pw', options as never).catch((e: unknown) => e);
    expect(isInvalidOptionError(error)).toBe(true);
    expect((error as Error).message).toContain(message);
  });

  it('rejects an empty password without echoing it', async () => {
    await expect(deriveKey('')).rejects.toThrow('`password` must be a non-empty string');
    await expect(deriveKey(new Uint8Array())).rejects.toThrow('`password`');
    await expect(deriveKey(undefined as never)).rejects.toThrow('got "undefined"');
  });
});
