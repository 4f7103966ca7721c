import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { isInvalidArgumentError, isLeanVibeError } from '@leanvibe/core/contracts';
import { describe, expect, it } from 'vitest';
import { Fernet, type InvalidTokenError, isInvalidTokenError } from '../../src/index.js';

const fixture = <T>(name: string): T =>
  JSON.parse(readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8')) as T;

interface GenerateVector {
  token: string;
  now: string;
  iv: number[];
  src: string;
  secret: string;
}
interface VerifyVector {
  token: string;
  now: string;
  ttl_sec: number;
  src: string;
  secret: string;
}
interface InvalidVector {
  desc: string;
  token: string;
  now: string;
  ttl_sec: number;
  secret: string;
}
interface PythonFernetCase {
  name: string;
  key: string;
  now: number;
  iv: string;
  plaintext: string;
  token: string;
}

const KEY = 'cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4=';

function expectInvalidToken(fn: () => unknown): void {
  let caught: unknown;
  try {
    fn();
  } catch (error) {
    caught = error;
  }
  expect(isInvalidTokenError(caught), `expected InvalidTokenError, got ${String(caught)}`).toBe(
    true,
  );
}

describe('Fernet spec vectors (fernet/spec at 20dead4)', () => {
  it.each(fixture<GenerateVector[]>('fernet-spec/generate.json'))(
    'regenerates $token byte for byte',
    (vector) => {
      const fernet = new Fernet(vector.secret);
      const token = fernet.encryptSync(vector.src, {
        now: new Date(vector.now),
        iv: Uint8Array.from(vector.iv),
      });
      expect(token).toBe(vector.token);
    },
  );

  it.each(fixture<VerifyVector[]>('fernet-spec/verify.json'))('accepts $token', (vector) => {
    const fernet = new Fernet(vector.secret);
    const plain = fernet.decryptStringSync(vector.token, {
      ttlMs: vector.ttl_sec * 1000,
      now: new Date(vector.now),
    });
    expect(plain).toBe(vector.src);
  });

  it.each(fixture<InvalidVector[]>('fernet-spec/invalid.json'))('rejects: $desc', (vector) => {
    const fernet = new Fernet(vector.secret);
    expectInvalidToken(() =>
      fernet.decryptSync(vector.token, { ttlMs: vector.ttl_sec * 1000, now: new Date(vector.now) }),
    );
  });
});

describe('tokens made by Python cryptography', () => {
  const python = fixture<{ fernet: PythonFernetCase[] }>('python-fixtures.json');

  it.each(python.fernet)('re-creates "$name" byte for byte and decrypts it', (entry) => {
    const fernet = new Fernet(entry.key);
    const plaintext = Buffer.from(entry.plaintext, 'base64');
    const token = fernet.encryptSync(plaintext, {
      now: entry.now * 1000,
      iv: Buffer.from(entry.iv, 'base64'),
    });
    expect(token).toBe(entry.token);
    const opened = fernet.decryptWithTimestampSync(entry.token);
    expect(opened.data.equals(plaintext)).toBe(true);
    expect(opened.timestamp).toBe(BigInt(entry.now));
  });
});

describe('Fernet', () => {
  const fernet = new Fernet(KEY);

  it('round-trips strings and bytes through the Cipher methods', async () => {
    const token = await fernet.encrypt('héllo 🐝');
    await expect(fernet.decryptString(token)).resolves.toBe('héllo 🐝');
    const bytes = randomBytes(300);
    const decrypted = await fernet.decrypt(await fernet.encrypt(bytes));
    expect(Buffer.compare(decrypted, bytes)).toBe(0);
  });

  it('round-trips a 1 MB payload', () => {
    const payload = randomBytes(1024 * 1024);
    const token = fernet.encryptSync(payload);
    expect(fernet.decryptSync(token).equals(payload)).toBe(true);
  });

  it('generates distinct 32-byte keys that it accepts', () => {
    const a = Fernet.generateKey();
    const b = Fernet.generateKey();
    expect(a).not.toBe(b);
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}=$/);
    expect(new Fernet(a).decryptStringSync(new Fernet(a).encryptSync('x'))).toBe('x');
  });

  it('accepts a 32-byte Uint8Array key equal to its base64 form', () => {
    const raw = Buffer.from(KEY, 'base64url');
    const token = fernet.encryptSync('same key');
    expect(new Fernet(new Uint8Array(raw)).decryptStringSync(token)).toBe('same key');
  });

  it.each([
    ['too short', 'cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e='],
    ['missing padding', 'cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4'],
    ['standard alphabet', 'cw/0x689RpI+jtRR7oE8h/eQsKImvJapLeSbXpwF4e4='],
    ['non-zero unused bits', 'cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e5='],
    ['whitespace', ' cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4='],
  ])('rejects a key with %s, without echoing it', (_, key) => {
    let caught: unknown;
    try {
      new Fernet(key);
    } catch (error) {
      caught = error;
    }
    expect(isInvalidArgumentError(caught)).toBe(true);
    expect((caught as Error).message).toMatch(/`key` must be 32 bytes/);
    expect((caught as Error).message).not.toContain(key.trim());
  });

  it('rejects keys of the wrong type or length', () => {
    expect(() => new Fernet(new Uint8Array(16))).toThrow(/got 16 bytes/);
    expect(() => new Fernet(42 as unknown as string)).toThrow(/`key` must be/);
  });

  it('rejects a token when any single byte is flipped', () => {
    const token = fernet.encryptSync('tamper with me, any byte at all', { now: 1_700_000_000_000 });
    const bytes = Buffer.from(token, 'base64url');
    for (let i = 0; i < bytes.length; i++) {
      for (const mask of [0x01, 0x80]) {
        const tampered = Buffer.from(bytes);
        tampered[i] = (tampered[i] as number) ^ mask;
        const text = tampered.toString('base64url');
        const padded = text + '='.repeat((4 - (text.length % 4)) % 4);
        expectInvalidToken(() => fernet.decryptSync(padded));
      }
    }
  });

  it('rejects non-canonical base64 forms of a valid token', () => {
    // A token whose standard-alphabet spelling differs from its url-safe one (most do).
    let token = fernet.encryptSync('x');
    while (!/[-_]/.test(token)) token = fernet.encryptSync('x');
    expect(token.endsWith('=')).toBe(true);
    expectInvalidToken(() => fernet.decryptSync(token.replace(/=+$/, '')));
    expectInvalidToken(() => fernet.decryptSync(`${token}\n`));
    expectInvalidToken(() => fernet.decryptSync(` ${token}`));
    expectInvalidToken(() => fernet.decryptSync(token.replaceAll('-', '+').replaceAll('_', '/')));
    expectInvalidToken(() => fernet.decryptSync(''));
  });

  it('rejects a token made with another key, and one with another version byte', () => {
    const other = new Fernet(Fernet.generateKey());
    expectInvalidToken(() => fernet.decryptSync(other.encryptSync('x')));
    const bytes = Buffer.from(fernet.encryptSync('x'), 'base64url');
    bytes[0] = 0x81;
    expectInvalidToken(() => fernet.decryptSync(`${bytes.toString('base64url')}==`));
  });

  it('says the same thing for every invalid token', async () => {
    const errors: InvalidTokenError[] = [];
    for (const bad of ['%%%%', fernet.encryptSync('x').slice(0, -8), 'gAAAAA==']) {
      try {
        fernet.decryptSync(bad);
      } catch (error) {
        errors.push(error as InvalidTokenError);
      }
    }
    expect(errors).toHaveLength(3);
    expect(new Set(errors.map((e) => e.message)).size).toBe(1);
    expect(errors.every((e) => e.code === 'SECURITY_INVALID_TOKEN' && isLeanVibeError(e))).toBe(
      true,
    );
    await expect(fernet.decrypt('nope')).rejects.toSatisfy(isInvalidTokenError);
  });

  describe('TTL and clock skew', () => {
    const stamped = 1_700_000_000; // seconds
    const token = fernet.encryptSync('ttl', { now: stamped * 1000 + 999 });
    const at = (seconds: number, ms = 0) => ({
      ttlMs: 60_000,
      now: (stamped + seconds) * 1000 + ms,
    });

    it('stores the timestamp in whole seconds', () => {
      expect(fernet.decryptWithTimestampSync(token).timestamp).toBe(BigInt(stamped));
    });

    it('accepts a token exactly the TTL old and rejects it one second later', () => {
      expect(fernet.decryptStringSync(token, at(60, 999))).toBe('ttl');
      expectInvalidToken(() => fernet.decryptSync(token, at(61)));
    });

    it('accepts a token stamped 60 s in the future and rejects 61 s', () => {
      expect(fernet.decryptStringSync(token, at(-60))).toBe('ttl');
      expectInvalidToken(() => fernet.decryptSync(token, at(-61, 999)));
    });

    it('checks neither age nor skew without a TTL', () => {
      expect(fernet.decryptStringSync(token, { now: 0 })).toBe('ttl');
      expect(fernet.decryptStringSync(token)).toBe('ttl');
    });

    it('a TTL of zero accepts only the token’s own second', () => {
      expect(fernet.decryptStringSync(token, { ttlMs: 0, now: stamped * 1000 + 500 })).toBe('ttl');
      expectInvalidToken(() => fernet.decryptSync(token, { ttlMs: 0, now: (stamped + 1) * 1000 }));
    });

    it('defaults `now` to the wall clock', () => {
      const fresh = fernet.encryptSync('now');
      expect(fernet.decryptStringSync(fresh, { ttlMs: 5000 })).toBe('now');
      expectInvalidToken(() => fernet.decryptSync(token, { ttlMs: 5000 }));
    });
  });

  it('validates options and arguments, naming them', () => {
    expect(() => fernet.encryptSync('x', { iv: new Uint8Array(8) })).toThrow(
      '`options.iv` must be a Uint8Array of 16 bytes',
    );
    expect(() => fernet.encryptSync('x', { now: -1 })).toThrow('`options.now` must be');
    expect(() => fernet.encryptSync('x', { now: new Date(Number.NaN) })).toThrow('`options.now`');
    expect(() => fernet.encryptSync('x', { now: 2 ** 64 * 1000 })).toThrow(/64-bit/);
    expect(() => fernet.encryptSync(5 as unknown as string)).toThrow('`data` must be');
    expect(() => fernet.decryptSync('x', { ttlMs: -1 })).toThrow('`options.ttlMs` must be');
    expect(() => fernet.decryptSync(5 as unknown as string)).toThrow('`token` must be a string');
    expect(() => fernet.decryptSync('x', 'y' as never)).toThrow('`options` must be an object');
  });

  it('refuses to decode a plaintext that is not UTF-8 as a string', async () => {
    const token = fernet.encryptSync(Uint8Array.of(0xff, 0xfe));
    expect(() => fernet.decryptStringSync(token)).toThrow(/not valid UTF-8/);
    await expect(fernet.decryptString(token)).rejects.toThrow(/not valid UTF-8/);
  });
});
