import type { Cipher, PermissionChecker } from '@leanvibe/core/contracts';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

/** The plugin id the permission checker contract asks about. */
const CONTRACT_PLUGIN = 'contract-plugin';

/**
 * Registers a vitest suite that any `PermissionChecker` must pass. The factory builds a checker
 * that grants exactly `grants` to the plugin `pluginId` (the second argument; a checker that
 * grants to every plugin may ignore it). The suite checks exact grants, denials as `false` (not
 * throws), that a permission is not granted by a grant it merely starts with, a trailing `*` as
 * the only wildcard, and consistent concurrent answers. It asks only about permissions of the contract's vocabulary
 * (`execute_<taskType>`, `net:<action>`, `fs:<action>`), so a checker may refuse anything else.
 *
 * @example
 * ```ts
 * permissionCheckerContract('MockSecurity', (grants) => new MockSecurity({ grants }));
 * permissionCheckerContract('createPermissionChecker', (grants, pluginId) =>
 *   createPermissionChecker({ grants: { [pluginId]: grants } }));
 * ```
 */
export function permissionCheckerContract(
  name: string,
  makeChecker: (
    grants: readonly string[],
    pluginId: string,
  ) => PermissionChecker | Promise<PermissionChecker>,
): void {
  const context = { pluginId: CONTRACT_PLUGIN, taskId: 'task-1' };
  const make = (grants: readonly string[]) => makeChecker(grants, CONTRACT_PLUGIN);
  describe(`${name} (PermissionChecker contract)`, () => {
    it('grants exactly what was granted', async () => {
      const checker = await make(['net:fetch', 'execute_sum']);
      await expect(checker.check('net:fetch', context)).resolves.toBe(true);
      await expect(checker.check('execute_sum', context)).resolves.toBe(true);
      await expect(checker.check('execute_sum', { pluginId: CONTRACT_PLUGIN })).resolves.toBe(true);
    });

    it('answers false, without throwing, for what was not granted', async () => {
      const checker = await make(['net:fetch', 'execute_sum']);
      await expect(checker.check('fs:read', context)).resolves.toBe(false);
      await expect(checker.check('net:connect', context)).resolves.toBe(false);
      // A grant is not a prefix: `execute_sum` does not cover `execute_summary`.
      await expect(checker.check('execute_summary', context)).resolves.toBe(false);
      await expect(checker.check('fs:read', { pluginId: 'other-plugin' })).resolves.toBe(false);
      const none = await make([]);
      await expect(none.check('execute_sum', context)).resolves.toBe(false);
    });

    it('treats a trailing * as a wildcard', async () => {
      const checker = await make(['net:*', 'execute_report*']);
      await expect(checker.check('net:fetch', context)).resolves.toBe(true);
      await expect(checker.check('net:connect', context)).resolves.toBe(true);
      await expect(checker.check('execute_report', context)).resolves.toBe(true);
      await expect(checker.check('execute_reports', context)).resolves.toBe(true);
      await expect(checker.check('execute_sum', context)).resolves.toBe(false);
      await expect(checker.check('fs:read', context)).resolves.toBe(false);
      const all = await make(['*']);
      await expect(all.check('fs:delete', context)).resolves.toBe(true);
    });

    it('never treats * elsewhere as a wildcard (refusing such a grant is fine)', async () => {
      let checker: PermissionChecker;
      try {
        checker = await make(['n*t:fetch']);
      } catch {
        // Refused at construction: the pattern can grant nothing.
        return;
      }
      await expect(checker.check('net:fetch', context)).resolves.toBe(false);
    });

    it('answers concurrent checks consistently', async () => {
      const checker = await make(['fs:read']);
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
 * The bytes as a plain `Uint8Array` view: a subclass (Node's `Buffer`) is a `Uint8Array` as the
 * contract asks, but vitest's deep equality would tell the two classes apart.
 */
function plainBytes(bytes: Uint8Array): Uint8Array {
  expect(bytes).toBeInstanceOf(Uint8Array);
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

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
      expect(plainBytes(await cipher.decrypt(token))).toEqual(text.encode(data));
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
          expect(plainBytes(await cipher.decrypt(await cipher.encrypt(data)))).toEqual(expected);
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
