import { readFileSync } from 'node:fs';
import type { Cipher } from '@leanvibe/core/contracts';
import { describe, expect, it } from 'vitest';
import { Fernet, isInvalidTokenError, MultiFernet } from '../../src/index.js';

const python = JSON.parse(
  readFileSync(new URL('../fixtures/python-fixtures.json', import.meta.url), 'utf8'),
) as {
  rotation: {
    oldKey: string;
    newKey: string;
    oldToken: string;
    rotatedToken: string;
    plaintext: string;
    timestamp: number;
  };
};

describe('MultiFernet', () => {
  const oldKey = Fernet.generateKey();
  const newKey = Fernet.generateKey();

  it('encrypts with the primary key and decrypts with any key', async () => {
    const multi = new MultiFernet([newKey, new Fernet(oldKey)]);
    const fromOld = new Fernet(oldKey).encryptSync('old');
    expect(multi.decryptStringSync(fromOld)).toBe('old');
    const fresh = await multi.encrypt('new');
    expect(new Fernet(newKey).decryptStringSync(fresh)).toBe('new');
    expect(() => new Fernet(oldKey).decryptSync(fresh)).toThrow(/token is invalid/);
    await expect(multi.decryptString(fresh)).resolves.toBe('new');
    expect((await multi.decrypt(fresh)).toString()).toBe('new');
  });

  it('rotates a token to the primary key, keeping its timestamp', async () => {
    const stamped = 1_600_000_000;
    const token = new Fernet(oldKey).encryptSync('rotate', { now: stamped * 1000 });
    const rotated = await new MultiFernet([newKey, oldKey]).rotate(token);
    const opened = new Fernet(newKey).decryptWithTimestampSync(rotated);
    expect(opened.data.toString()).toBe('rotate');
    expect(opened.timestamp).toBe(BigInt(stamped));
    expect(rotated).not.toBe(token);
  });

  it('reads a token Python’s MultiFernet.rotate produced, and rotates like it', () => {
    const r = python.rotation;
    const plaintext = Buffer.from(r.plaintext, 'base64');
    const newOnly = new Fernet(r.newKey);
    const fromPython = newOnly.decryptWithTimestampSync(r.rotatedToken);
    expect(fromPython.data.equals(plaintext)).toBe(true);
    expect(fromPython.timestamp).toBe(BigInt(r.timestamp));
    const ours = newOnly.decryptWithTimestampSync(
      new MultiFernet([r.newKey, r.oldKey]).rotateSync(r.oldToken),
    );
    expect(ours).toEqual(fromPython);
  });

  it('rejects a token no key accepts, uniformly', async () => {
    const multi = new MultiFernet([newKey, oldKey]);
    const stranger = new Fernet(Fernet.generateKey()).encryptSync('x');
    expect(() => multi.decryptSync(stranger)).toThrow(/token is invalid/);
    expect(() => multi.rotateSync(stranger)).toThrow(/token is invalid/);
    await expect(multi.rotate('garbage')).rejects.toSatisfy(isInvalidTokenError);
  });

  it('applies a TTL with every key', () => {
    const token = new Fernet(oldKey).encryptSync('x', { now: 1_000_000 });
    const multi = new MultiFernet([newKey, oldKey]);
    expect(() => multi.decryptSync(token, { ttlMs: 1000, now: 10_000_000 })).toThrow(
      /token is invalid/,
    );
    expect(multi.decryptStringSync(token, { ttlMs: 1000, now: 1_001_500 })).toBe('x');
  });

  it('lets argument errors through instead of trying the next key', () => {
    expect(() => new MultiFernet([newKey]).decryptSync(1 as unknown as string)).toThrow(
      '`token` must be a string',
    );
  });

  it('needs at least one key', () => {
    expect(() => new MultiFernet([])).toThrow('`keys` must be a non-empty array');
    expect(() => new MultiFernet('k' as unknown as string[])).toThrow('`keys` must be');
  });

  it('is a Cipher', async () => {
    const cipher: Cipher = new MultiFernet([newKey]);
    const fernet: Cipher = new Fernet(newKey);
    expect(Buffer.from(await fernet.decrypt(await cipher.encrypt('c'))).toString()).toBe('c');
  });
});
