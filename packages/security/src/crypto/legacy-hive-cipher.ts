import { pbkdf2 } from 'node:crypto';
import {
  type Cipher,
  checkOptionsObject,
  invalidArgument,
  invalidOption,
} from '@leanvibe/core/contracts';
import { decodeBase64Url, encodeBase64Url } from './base64url.js';
import { InvalidTokenError } from './errors.js';
import { decodeUtf8, Fernet, type FernetEncryptOptions } from './fernet.js';

/** Options of {@link LegacyHiveCipher}. */
export interface LegacyHiveCipherOptions {
  /**
   * The password the Python hive was configured with (its `encryption_password` parameter).
   * Required: the Python guide fell back to the literal `"default"` when none was set, so data
   * written without a configured password needs `password: 'default'` here, said out loud.
   */
  readonly password: string;
}

/** The Python hive's fixed parameters; kept only to read what it wrote. */
const LEGACY_SALT = Buffer.from('leanvibe_plugin_salt', 'ascii');
const LEGACY_ITERATIONS = 100_000;

/**
 * **Legacy.** The original Python hive's encryption scheme, kept only to read data it stored and
 * move that data to a modern key: the key is PBKDF2-HMAC-SHA256 of the password with 100,000
 * iterations and the fixed salt `leanvibe_plugin_salt`, and each Fernet token is url-safe base64
 * encoded a second time before storage. A fixed salt means one password gives one key everywhere;
 * do not write new data with it — use {@link LegacyHiveCipher.migrate} to re-encrypt under a
 * {@link Fernet} key from {@link deriveKey} (random salt) or {@link Fernet.generateKey}.
 *
 * The key is derived (about 100,000 HMAC rounds, off the main thread) on first use and kept.
 *
 * @example
 * ```ts
 * const legacy = new LegacyHiveCipher({ password: process.env.HIVE_PASSWORD ?? '' });
 * const modern = new Fernet(Fernet.generateKey());
 * const token = await legacy.migrate(storedByPython, modern);
 * ```
 */
export class LegacyHiveCipher implements Cipher {
  readonly #password: Buffer;
  #fernet: Promise<Fernet> | undefined;

  constructor(options: LegacyHiveCipherOptions) {
    const { password } = checkOptionsObject('options', options);
    if (typeof password !== 'string' || password.length === 0) {
      // The value is a secret: describe only its type.
      throw invalidOption('password', 'a non-empty string', typeof password);
    }
    this.#password = Buffer.from(password, 'utf8');
  }

  /** The Fernet key the Python hive derived from this password (url-safe base64). Secret. */
  async key(): Promise<string> {
    const bytes = await new Promise<Buffer>((resolve, reject) => {
      pbkdf2(this.#password, LEGACY_SALT, LEGACY_ITERATIONS, 32, 'sha256', (error, derived) =>
        error ? reject(error) : resolve(derived),
      );
    });
    return encodeBase64Url(bytes);
  }

  #cipher(): Promise<Fernet> {
    this.#fernet ??= this.key().then((key) => new Fernet(key));
    return this.#fernet;
  }

  /**
   * Decrypts a value the Python hive stored (a Fernet token, base64-encoded again). Rejects with
   * {@link InvalidTokenError} when it is not one, or was made with another password.
   */
  async decrypt(stored: string): Promise<Buffer> {
    if (typeof stored !== 'string') throw invalidArgument('stored', 'a string', stored);
    const token = decodeBase64Url(stored);
    if (token === undefined) throw new InvalidTokenError();
    const fernet = await this.#cipher();
    return fernet.decryptSync(token.toString('latin1'));
  }

  /** {@link LegacyHiveCipher.decrypt}, decoding the plaintext as UTF-8 (as the Python hive did). */
  async decryptString(stored: string): Promise<string> {
    return decodeUtf8(await this.decrypt(stored));
  }

  /**
   * Encrypts in the legacy format, byte-compatible with the Python hive. Only for systems that
   * still read it; new data belongs under a modern key.
   */
  async encrypt(data: string | Uint8Array, options?: FernetEncryptOptions): Promise<string> {
    const fernet = await this.#cipher();
    return encodeBase64Url(Buffer.from(fernet.encryptSync(data, options), 'latin1'));
  }

  /**
   * Decrypts a value the Python hive stored and encrypts the plaintext with `to` (any `Cipher`:
   * a {@link Fernet}, a {@link MultiFernet}, ...), returning the new token.
   */
  async migrate(stored: string, to: Cipher): Promise<string> {
    if (typeof to !== 'object' || to === null || typeof to.encrypt !== 'function') {
      throw invalidArgument('to', 'a Cipher (an object with encrypt and decrypt)', to);
    }
    return to.encrypt(await this.decrypt(stored));
  }
}
