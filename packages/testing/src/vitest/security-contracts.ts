import type { Cipher, PermissionChecker } from '@leanvibe/core/contracts';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

/**
 * Registers a vitest suite that any `PermissionChecker` must pass, given a factory that
 * builds one granting exactly `grants` to every plugin: exact grants, denials as `false` (not
 * throws), a trailing `*` as the only wildcard, and consistent concurrent answers.
 *
 * @example
 * ```ts
 * permissionCheckerContract('MockSecurity', (grants) => new MockSecurity({ grants }));
 * ```
 */
export function permissionCheckerContract(
  name: string,
  makeChecker: (grants: readonly string[]) => PermissionChecker | Promise<PermissionChecker>,
): void {
  const context = { pluginId: 'contract-plugin', taskId: 'task-1' };
  describe(`${name} (PermissionChecker contract)`, () => {
    it('grants exactly what was granted', async () => {
      const checker = await makeChecker(['net:fetch', 'execute_sum']);
      await expect(checker.check('net:fetch', context)).resolves.toBe(true);
      await expect(checker.check('execute_sum', context)).resolves.toBe(true);
    });

    it('answers false, without throwing, for what was not granted', async () => {
      const checker = await makeChecker(['net:fetch']);
      await expect(checker.check('fs:read', context)).resolves.toBe(false);
      await expect(checker.check('net:fetchall', context)).resolves.toBe(false);
      await expect(checker.check('execute_sum', { pluginId: 'other' })).resolves.toBe(false);
    });

    it('treats a trailing * as a wildcard', async () => {
      const checker = await makeChecker(['net:*', 'execute_*']);
      await expect(checker.check('net:fetch', context)).resolves.toBe(true);
      await expect(checker.check('net:connect', context)).resolves.toBe(true);
      await expect(checker.check('execute_sum', context)).resolves.toBe(true);
      await expect(checker.check('fs:read', context)).resolves.toBe(false);
      await expect(checker.check('network:fetch', context)).resolves.toBe(false);
    });

    it('treats * anywhere else literally', async () => {
      const checker = await makeChecker(['n*t:fetch']);
      await expect(checker.check('net:fetch', context)).resolves.toBe(false);
    });

    it('answers concurrent checks consistently', async () => {
      const checker = await makeChecker(['fs:read']);
      const answers = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          checker.check(i % 2 === 0 ? 'fs:read' : 'fs:write', context),
        ),
      );
      expect(answers).toEqual(Array.from({ length: 20 }, (_, i) => i % 2 === 0));
    });
  });
}

/** Options of {@link cipherContract}. */
export interface CipherContractOptions {
  /** Two encryptions of the same data give different tokens (a random IV). @default true */
  readonly randomized?: boolean;
  /** Two ciphers from the factory use different keys, so one cannot read the other's tokens. @default true */
  readonly independentKeys?: boolean;
}

const text = new TextEncoder();

/**
 * Registers a vitest suite that any `Cipher` must pass: strings and bytes (every byte value,
 * empty, 1 MiB, arbitrary ones) round-trip; tokens are strings that neither equal nor contain
 * the data; tampered and foreign tokens are rejected.
 *
 * @example
 * ```ts
 * cipherContract('Fernet', () => new Fernet(Fernet.generateKey()));
 * ```
 */
export function cipherContract(
  name: string,
  makeCipher: () => Cipher | Promise<Cipher>,
  options: CipherContractOptions = {},
): void {
  describe(`${name} (Cipher contract)`, () => {
    it('round-trips a string to its UTF-8 bytes', async () => {
      const cipher = await makeCipher();
      const data = 'sensitive information — ünïcödé 🔐';
      const token = await cipher.encrypt(data);
      expect(await cipher.decrypt(token)).toEqual(text.encode(data));
    });

    it('round-trips bytes: every byte value, empty, and 1 MiB', async () => {
      const cipher = await makeCipher();
      const all = Uint8Array.from({ length: 256 }, (_, i) => i);
      const big = new Uint8Array(1024 * 1024).fill(7);
      for (const data of [all, new Uint8Array(0), big]) {
        const back = await cipher.decrypt(await cipher.encrypt(data));
        expect(back).toBeInstanceOf(Uint8Array);
        // Buffer#equals: a deep equality over a mebibyte element by element is far too slow.
        expect(Buffer.from(back).equals(Buffer.from(data)), `${data.length} bytes`).toBe(true);
      }
    });

    it('round-trips arbitrary strings and bytes', async () => {
      const cipher = await makeCipher();
      await fc.assert(
        fc.asyncProperty(fc.oneof(fc.string(), fc.uint8Array()), async (data) => {
          const expected = typeof data === 'string' ? text.encode(data) : data;
          expect(await cipher.decrypt(await cipher.encrypt(data))).toEqual(expected);
        }),
        { numRuns: 50 },
      );
    });

    it('gives a string token that neither equals nor contains the data', async () => {
      const cipher = await makeCipher();
      const data = 'sensitive information';
      const token = await cipher.encrypt(data);
      expect(typeof token).toBe('string');
      expect(token).not.toBe(data);
      expect(token).not.toContain(data);
    });

    if (options.randomized !== false) {
      it('gives a different token each time', async () => {
        const cipher = await makeCipher();
        expect(await cipher.encrypt('same')).not.toBe(await cipher.encrypt('same'));
      });
    }

    it('rejects a tampered token and garbage', async () => {
      const cipher = await makeCipher();
      const token = await cipher.encrypt('sensitive information');
      const middle = Math.floor(token.length / 2);
      const flipped = `${token.slice(0, middle)}${token[middle] === 'A' ? 'B' : 'A'}${token.slice(middle + 1)}`;
      await expect(cipher.decrypt(flipped)).rejects.toThrow();
      await expect(cipher.decrypt('not a token')).rejects.toThrow();
      await expect(cipher.decrypt('')).rejects.toThrow();
    });

    if (options.independentKeys !== false) {
      it("rejects another cipher's token", async () => {
        const [one, two] = [await makeCipher(), await makeCipher()];
        await expect(two.decrypt(await one.encrypt('data'))).rejects.toThrow();
      });
    }
  });
}
