import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Fernet, isInvalidTokenError, LegacyHiveCipher, MultiFernet } from '../../src/index.js';

interface LegacyCase {
  password: string;
  key: string;
  plaintext: string;
  stored: string;
  now?: number;
  iv?: string;
}

const { legacy } = JSON.parse(
  readFileSync(new URL('../fixtures/python-fixtures.json', import.meta.url), 'utf8'),
) as { legacy: LegacyCase[] };

describe('LegacyHiveCipher (values written by the Python hive)', () => {
  it.each(legacy)('derives the key for password "$password"', async (entry) => {
    await expect(new LegacyHiveCipher({ password: entry.password }).key()).resolves.toBe(entry.key);
  });

  it.each(legacy)('decrypts "$plaintext"', async (entry) => {
    const cipher = new LegacyHiveCipher({ password: entry.password });
    await expect(cipher.decryptString(entry.stored)).resolves.toBe(entry.plaintext);
  });

  it.each(legacy.filter((entry) => entry.iv !== undefined))(
    're-creates "$plaintext" byte for byte',
    async (entry) => {
      const cipher = new LegacyHiveCipher({ password: entry.password });
      const stored = await cipher.encrypt(entry.plaintext, {
        now: (entry.now as number) * 1000,
        iv: Buffer.from(entry.iv as string, 'base64'),
      });
      expect(stored).toBe(entry.stored);
    },
  );

  it('migrates a stored value to a modern key, and rotation continues from there', async () => {
    const entry = legacy[1] as LegacyCase;
    const cipher = new LegacyHiveCipher({ password: entry.password });
    const modern = new Fernet(Fernet.generateKey());
    const token = await cipher.migrate(entry.stored, modern);
    await expect(modern.decryptString(token)).resolves.toBe(entry.plaintext);
    const next = Fernet.generateKey();
    const rotated = await new MultiFernet([next, modern]).rotate(token);
    await expect(new Fernet(next).decryptString(rotated)).resolves.toBe(entry.plaintext);
  });

  it('rejects a value made with another password, or not in the legacy format', async () => {
    const entry = legacy[0] as LegacyCase;
    const wrong = new LegacyHiveCipher({ password: 'not the password' });
    await expect(wrong.decrypt(entry.stored)).rejects.toSatisfy(isInvalidTokenError);
    const right = new LegacyHiveCipher({ password: entry.password });
    // A bare Fernet token (not encoded a second time) is not what the hive stored.
    const bare = Buffer.from(entry.stored, 'base64url').toString('latin1');
    await expect(right.decrypt(bare)).rejects.toSatisfy(isInvalidTokenError);
    await expect(right.decrypt('***')).rejects.toSatisfy(isInvalidTokenError);
    await expect(right.decrypt(5 as never)).rejects.toThrow('`stored` must be a string');
  });

  it('checks its options and the migration target', async () => {
    expect(() => new LegacyHiveCipher({ password: '' })).toThrow(
      '`password` must be a non-empty string',
    );
    expect(() => new LegacyHiveCipher(undefined as never)).toThrow('`password`');
    const cipher = new LegacyHiveCipher({ password: 'default' });
    await expect(cipher.migrate((legacy[0] as LegacyCase).stored, {} as never)).rejects.toThrow(
      '`to` must be a Cipher',
    );
  });
});
