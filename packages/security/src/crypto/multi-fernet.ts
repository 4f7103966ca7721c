import { type Cipher, invalidArgument } from '@leanvibe/core/contracts';
import { InvalidTokenError, isInvalidTokenError } from './errors.js';
import {
  decodeUtf8,
  encryptWithTimestamp,
  Fernet,
  type FernetDecryptOptions,
  type FernetEncryptOptions,
  type FernetPayload,
} from './fernet.js';

/**
 * Key rotation for Fernet: encrypts with the first (primary) key and decrypts with any of the
 * keys, in order. To rotate, put the new key first, re-encrypt stored tokens with
 * {@link MultiFernet.rotate}, then drop the old key. Implements the contracts' `Cipher`.
 *
 * @example
 * ```ts
 * const keys = new MultiFernet([newKey, oldKey]);
 * const fresh = await keys.rotate(tokenMadeWithOldKey); // now decryptable with newKey alone
 * ```
 */
export class MultiFernet implements Cipher {
  readonly #fernets: readonly Fernet[];

  /**
   * @param keys the primary key first, then older keys; each a {@link Fernet} or a key
   * {@link Fernet} accepts.
   */
  constructor(keys: readonly (Fernet | string | Uint8Array)[]) {
    if (!Array.isArray(keys) || keys.length === 0) {
      throw invalidArgument('keys', 'a non-empty array of Fernet instances or keys', keys);
    }
    this.#fernets = Object.freeze(
      keys.map((key) => (key instanceof Fernet ? key : new Fernet(key))),
    );
  }

  /** Encrypts with the primary (first) key. */
  encryptSync(data: string | Uint8Array, options?: FernetEncryptOptions): string {
    return (this.#fernets[0] as Fernet).encryptSync(data, options);
  }

  /** Encrypts with the primary (first) key. */
  async encrypt(data: string | Uint8Array, options?: FernetEncryptOptions): Promise<string> {
    return this.encryptSync(data, options);
  }

  /** Decrypts with the first key that accepts the token; otherwise throws {@link InvalidTokenError}. */
  decryptSync(token: string, options?: FernetDecryptOptions): Buffer {
    return this.#open(token, options).data;
  }

  /** Decrypts with the first key that accepts the token; otherwise rejects with {@link InvalidTokenError}. */
  async decrypt(token: string, options?: FernetDecryptOptions): Promise<Buffer> {
    return this.decryptSync(token, options);
  }

  /** {@link MultiFernet.decryptSync}, decoding the plaintext as UTF-8. */
  decryptStringSync(token: string, options?: FernetDecryptOptions): string {
    return decodeUtf8(this.decryptSync(token, options));
  }

  /** {@link MultiFernet.decrypt}, decoding the plaintext as UTF-8. */
  async decryptString(token: string, options?: FernetDecryptOptions): Promise<string> {
    return this.decryptStringSync(token, options);
  }

  /**
   * Re-encrypts a token made with any of the keys under the primary key, keeping its original
   * timestamp (so a TTL still counts from when the data was first encrypted). Throws
   * {@link InvalidTokenError} when no key accepts the token.
   */
  rotateSync(token: string): string {
    const { data, timestamp } = this.#open(token, undefined);
    return encryptWithTimestamp(this.#fernets[0] as Fernet, data, timestamp);
  }

  /** {@link MultiFernet.rotateSync}, as a promise. */
  async rotate(token: string): Promise<string> {
    return this.rotateSync(token);
  }

  #open(token: string, options: FernetDecryptOptions | undefined): FernetPayload {
    for (const fernet of this.#fernets) {
      try {
        return fernet.decryptWithTimestampSync(token, options);
      } catch (error) {
        if (!isInvalidTokenError(error)) throw error;
      }
    }
    throw new InvalidTokenError();
  }
}
