import { pbkdf2, randomBytes, scrypt } from 'node:crypto';
import {
  checkInteger,
  checkOneOf,
  checkOptionsObject,
  invalidArgument,
  invalidOption,
} from '@leanvibe/core/contracts';
import { decodeBase64Url, encodeBase64Url } from './base64url.js';

/** The key-derivation functions {@link deriveKey} offers. */
export type KeyDerivationAlgorithm = 'scrypt' | 'pbkdf2';

/** Options of {@link deriveKey}. Pass a previous result's `params` to derive the same key again. */
export interface DeriveKeyOptions {
  /**
   * The function: scrypt (memory-hard, preferred) or PBKDF2-HMAC-SHA256 (where FIPS or a peer
   * system requires it).
   * @default 'scrypt'
   */
  readonly algorithm?: KeyDerivationAlgorithm;
  /**
   * The salt: at least 16 bytes, as a `Uint8Array` or url-safe base64. Store it beside the data;
   * it is not secret. Never reuse one salt for many passwords.
   * @default 16 random bytes
   */
  readonly salt?: Uint8Array | string;
  /**
   * PBKDF2 iterations, at least 100,000.
   * @default 600_000 (OWASP's figure for PBKDF2-HMAC-SHA256)
   */
  readonly iterations?: number;
  /**
   * scrypt's cost `N`: a power of two from 2^14 to 2^22. Memory use is `128 × N × r` bytes.
   * @default 131_072 (2^17, OWASP's figure)
   */
  readonly cost?: number;
  /**
   * scrypt's block size `r`, from 8 to 32.
   * @default 8
   */
  readonly blockSize?: number;
  /**
   * scrypt's parallelisation `p`, from 1 to 16.
   * @default 1
   */
  readonly parallelization?: number;
}

/** Everything needed to derive the same key again (safe to store: nothing here is secret). */
export type KeyDerivationParams =
  | {
      readonly algorithm: 'scrypt';
      readonly salt: string;
      readonly cost: number;
      readonly blockSize: number;
      readonly parallelization: number;
    }
  | {
      readonly algorithm: 'pbkdf2';
      readonly salt: string;
      readonly iterations: number;
      readonly digest: 'sha256';
    };

/** The result of {@link deriveKey}. */
export interface DerivedKey {
  /** 32 bytes as url-safe base64: a key `new Fernet(key)` accepts. Secret. */
  readonly key: string;
  /** The salt, as url-safe base64. */
  readonly salt: string;
  /** The algorithm, salt and work factors: `deriveKey(password, params)` gives the same key. */
  readonly params: KeyDerivationParams;
}

const KEY_BYTES = 32;
const MIN_SALT_BYTES = 16;

function saltBytes(salt: unknown): Buffer {
  if (salt === undefined) return randomBytes(MIN_SALT_BYTES);
  const bytes =
    salt instanceof Uint8Array
      ? Buffer.from(salt)
      : typeof salt === 'string'
        ? decodeBase64Url(salt)
        : undefined;
  if (bytes === undefined || bytes.length < MIN_SALT_BYTES) {
    throw invalidOption(
      'salt',
      `a Uint8Array or url-safe base64 of at least ${MIN_SALT_BYTES} bytes`,
      salt,
    );
  }
  return bytes;
}

function passwordBytes(password: unknown): Buffer {
  if (typeof password === 'string' && password.length > 0) return Buffer.from(password, 'utf8');
  if (password instanceof Uint8Array && password.length > 0) return Buffer.from(password);
  // The value is a secret: describe only its type.
  throw invalidArgument('password', 'a non-empty string or Uint8Array', typeof password);
}

function isPowerOfTwo(n: number): boolean {
  return Number.isInteger(n) && n > 0 && (n & (n - 1)) === 0;
}

/**
 * Derives a 32-byte Fernet key from a password with a random salt and OWASP-level work factors,
 * off the main thread (Node's thread pool). Store `params` with the data to derive the key again.
 *
 * @example
 * ```ts
 * const { key, params } = await deriveKey('correct horse battery staple');
 * const fernet = new Fernet(key);
 * // later, from the stored params:
 * const again = await deriveKey('correct horse battery staple', params);
 * ```
 */
export async function deriveKey(
  password: string | Uint8Array,
  options?: DeriveKeyOptions,
): Promise<DerivedKey> {
  const opts = checkOptionsObject('options', options);
  const secret = passwordBytes(password);
  const algorithm = checkOneOf('algorithm', opts.algorithm ?? 'scrypt', ['scrypt', 'pbkdf2']);
  const salt = saltBytes(opts.salt);
  const saltText = encodeBase64Url(salt);
  if (algorithm === 'pbkdf2') {
    const iterations = checkInteger('iterations', opts.iterations ?? 600_000, {
      min: 100_000,
      max: 100_000_000,
    });
    const key = await new Promise<Buffer>((resolve, reject) => {
      pbkdf2(secret, salt, iterations, KEY_BYTES, 'sha256', (error, derived) =>
        error ? reject(error) : resolve(derived),
      );
    });
    const params = { algorithm, salt: saltText, iterations, digest: 'sha256' } as const;
    return Object.freeze({
      key: encodeBase64Url(key),
      salt: saltText,
      params: Object.freeze(params),
    });
  }
  const cost = opts.cost ?? 2 ** 17;
  if (!isPowerOfTwo(cost) || cost < 2 ** 14 || cost > 2 ** 22) {
    throw invalidOption('cost', 'a power of two from 16384 (2^14) to 4194304 (2^22)', cost);
  }
  const blockSize = checkInteger('blockSize', opts.blockSize ?? 8, { min: 8, max: 32 });
  const parallelization = checkInteger('parallelization', opts.parallelization ?? 1, {
    min: 1,
    max: 16,
  });
  const key = await new Promise<Buffer>((resolve, reject) => {
    scrypt(
      secret,
      salt,
      KEY_BYTES,
      {
        N: cost,
        r: blockSize,
        p: parallelization,
        // Node refuses anything above 32 MiB unless told; scrypt needs 128·N·r bytes.
        maxmem: 128 * cost * blockSize * 2 + 2 ** 20,
      },
      (error, derived) => (error ? reject(error) : resolve(derived)),
    );
  });
  const params = { algorithm, salt: saltText, cost, blockSize, parallelization } as const;
  return Object.freeze({
    key: encodeBase64Url(key),
    salt: saltText,
    params: Object.freeze(params),
  });
}
