import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  randomBytes,
  timingSafeEqual,
} from 'node:crypto';
import {
  type Cipher,
  checkOptionsObject,
  InvalidArgumentError,
  invalidArgument,
} from '@leanvibe/core/contracts';
import { decodeBase64Url, encodeBase64Url } from './base64url.js';
import { InvalidTokenError } from './errors.js';
import { checkTtlMs, type Instant, instantMs } from './time.js';

const VERSION = 0x80;
const HEADER = 1 + 8 + 16; // version, timestamp, IV
const MAC = 32;
const BLOCK = 16;
/** The spec's allowance for clocks that disagree, applied only when a TTL is given. */
const MAX_CLOCK_SKEW_S = 60;
const TIMESTAMP_LIMIT_MS = 2 ** 64 * 1000;

/** Options of {@link Fernet.encrypt}. */
export interface FernetEncryptOptions {
  /**
   * The token's timestamp: a `Date` or epoch milliseconds, stored in whole seconds.
   * @default Date.now()
   */
  readonly now?: Instant;
  /**
   * The 16-byte IV. Only for tests that must reproduce a known token: reusing an IV with the
   * same key leaks whether two plaintexts share a prefix.
   * @default 16 random bytes
   */
  readonly iv?: Uint8Array;
}

/** Options of {@link Fernet.decrypt}. */
export interface FernetDecryptOptions {
  /**
   * The token's lifetime in milliseconds. When given, a token older than this, or stamped more
   * than 60 s in the future, is rejected. Timestamps have one-second resolution: a token is
   * expired when `floor(now in s) − timestamp` exceeds the TTL, as in the reference implementation.
   * @default undefined (no age check, and no clock-skew check either)
   */
  readonly ttlMs?: number;
  /**
   * The time to check the TTL against: a `Date` or epoch milliseconds.
   * @default Date.now()
   */
  readonly now?: Instant;
}

/** What a decrypted token holds. */
export interface FernetPayload {
  /** The plaintext. */
  readonly data: Buffer;
  /** The token's timestamp, in seconds since the epoch. */
  readonly timestamp: bigint;
}

interface Keys {
  readonly signing: Buffer;
  readonly encryption: Buffer;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function parseKey(key: unknown): Keys {
  let bytes: Buffer | undefined;
  if (typeof key === 'string') {
    bytes = decodeBase64Url(key);
  } else if (key instanceof Uint8Array) {
    bytes = Buffer.from(key);
  } else {
    throw invalidArgument('key', 'a url-safe base64 string or a Uint8Array of 32 bytes', key);
  }
  if (bytes === undefined || bytes.length !== 32) {
    // Never echo the value: it is (almost) a secret key.
    const got =
      typeof key === 'string'
        ? `a string of ${key.length} characters`
        : `${(key as Uint8Array).length} bytes`;
    throw new InvalidArgumentError(
      'key',
      `\`key\` must be 32 bytes, given as url-safe base64 (44 characters with one "=") or as a Uint8Array, got ${got}`,
    );
  }
  return { signing: bytes.subarray(0, 16), encryption: bytes.subarray(16, 32) };
}

function toBytes(name: string, data: unknown): Uint8Array {
  if (typeof data === 'string') return Buffer.from(data, 'utf8');
  if (data instanceof Uint8Array) return data;
  throw invalidArgument(name, 'a string or a Uint8Array', data);
}

function encryptAt(keys: Keys, data: Uint8Array, timestamp: bigint, iv: Uint8Array): string {
  const cipher = createCipheriv('aes-128-cbc', keys.encryption, iv);
  const first = cipher.update(data);
  const last = cipher.final();
  const body = HEADER + first.length + last.length;
  const token = Buffer.allocUnsafe(body + MAC);
  token[0] = VERSION;
  token.writeBigUInt64BE(timestamp, 1);
  token.set(iv, 9);
  token.set(first, HEADER);
  token.set(last, HEADER + first.length);
  createHmac('sha256', keys.signing).update(token.subarray(0, body)).digest().copy(token, body);
  return encodeBase64Url(token);
}

function decryptParts(
  keys: Keys,
  token: unknown,
  ttlMs: number | undefined,
  nowMs: number | undefined,
): FernetPayload {
  if (typeof token !== 'string') throw invalidArgument('token', 'a string', token);
  const bytes = decodeBase64Url(token);
  if (
    bytes === undefined ||
    bytes.length < HEADER + BLOCK + MAC ||
    (bytes.length - HEADER - MAC) % BLOCK !== 0 ||
    bytes[0] !== VERSION
  ) {
    throw new InvalidTokenError();
  }
  const timestamp = bytes.readBigUInt64BE(1);
  if (ttlMs !== undefined) {
    const nowS = Math.floor((nowMs as number) / 1000);
    const stamped = Number(timestamp);
    if ((nowS - stamped) * 1000 > ttlMs || stamped - nowS > MAX_CLOCK_SKEW_S) {
      throw new InvalidTokenError();
    }
  }
  const body = bytes.length - MAC;
  const expected = createHmac('sha256', keys.signing).update(bytes.subarray(0, body)).digest();
  if (!timingSafeEqual(expected, bytes.subarray(body))) throw new InvalidTokenError();
  const decipher = createDecipheriv('aes-128-cbc', keys.encryption, bytes.subarray(9, HEADER));
  try {
    const first = decipher.update(bytes.subarray(HEADER, body));
    const last = decipher.final(); // OpenSSL checks every PKCS#7 padding byte
    return { data: last.length === 0 ? first : Buffer.concat([first, last]), timestamp };
  } catch {
    throw new InvalidTokenError();
  }
}

function decodeUtf8(data: Buffer): string {
  try {
    return utf8.decode(data);
  } catch {
    throw new InvalidArgumentError(
      'token',
      '`token` holds bytes that are not valid UTF-8; read them with decrypt()',
    );
  }
}

let keysOf: (fernet: Fernet) => Keys;

/**
 * Fernet symmetric encryption, exactly as the Fernet spec defines it and byte-compatible with
 * Python's `cryptography.fernet`: AES-128-CBC with PKCS#7 padding, authenticated with
 * HMAC-SHA256, a 64-bit timestamp, and a url-safe base64 token. Every rejected token throws the
 * same {@link InvalidTokenError}.
 *
 * Implements the contracts' `Cipher` (`encrypt`, `decrypt` return promises); the `*Sync`
 * methods do the same work synchronously.
 *
 * @example
 * ```ts
 * const fernet = new Fernet(Fernet.generateKey());
 * const token = await fernet.encrypt('secret');
 * await fernet.decryptString(token, { ttlMs: 60_000 }); // 'secret'
 * ```
 */
export class Fernet implements Cipher {
  readonly #keys: Keys;

  static {
    keysOf = (fernet) => fernet.#keys;
  }

  /**
   * @param key 32 bytes: url-safe base64 (as {@link Fernet.generateKey} and Python write it,
   * checked strictly) or a `Uint8Array`. The first half signs, the second half encrypts.
   */
  constructor(key: string | Uint8Array) {
    this.#keys = parseKey(key);
  }

  /** A new random key, in url-safe base64 (44 characters). */
  static generateKey(): string {
    return encodeBase64Url(randomBytes(32));
  }

  /** Encrypts `data` (a string is encoded as UTF-8) into a token. */
  encryptSync(data: string | Uint8Array, options?: FernetEncryptOptions): string {
    const bytes = toBytes('data', data);
    const { now, iv } = checkOptionsObject('options', options);
    const ms = instantMs('options.now', now);
    if (ms >= TIMESTAMP_LIMIT_MS) {
      throw invalidArgument('options.now', 'a time that fits a 64-bit timestamp', now);
    }
    if (iv !== undefined && !(iv instanceof Uint8Array && iv.length === 16)) {
      throw invalidArgument('options.iv', 'a Uint8Array of 16 bytes', iv);
    }
    return encryptAt(this.#keys, bytes, BigInt(Math.floor(ms / 1000)), iv ?? randomBytes(16));
  }

  /** Encrypts `data` (a string is encoded as UTF-8) into a token. */
  async encrypt(data: string | Uint8Array, options?: FernetEncryptOptions): Promise<string> {
    return this.encryptSync(data, options);
  }

  /** Decrypts a token; throws {@link InvalidTokenError} for any token it cannot accept. */
  decryptSync(token: string, options?: FernetDecryptOptions): Buffer {
    return this.decryptWithTimestampSync(token, options).data;
  }

  /** Decrypts a token; rejects with {@link InvalidTokenError} for any token it cannot accept. */
  async decrypt(token: string, options?: FernetDecryptOptions): Promise<Buffer> {
    return this.decryptSync(token, options);
  }

  /** Decrypts a token and decodes the plaintext as UTF-8 (rejecting bytes that are not). */
  decryptStringSync(token: string, options?: FernetDecryptOptions): string {
    return decodeUtf8(this.decryptSync(token, options));
  }

  /** Decrypts a token and decodes the plaintext as UTF-8 (rejecting bytes that are not). */
  async decryptString(token: string, options?: FernetDecryptOptions): Promise<string> {
    return this.decryptStringSync(token, options);
  }

  /** Decrypts a token and also returns its timestamp (seconds since the epoch). */
  decryptWithTimestampSync(token: string, options?: FernetDecryptOptions): FernetPayload {
    const { ttlMs, now } = checkOptionsObject('options', options);
    const ttl = checkTtlMs('options.ttlMs', ttlMs);
    const nowMs = ttl === undefined ? undefined : instantMs('options.now', now);
    return decryptParts(this.#keys, token, ttl, nowMs);
  }
}

/** Re-encrypts `data` under `fernet` with a given timestamp (rotation keeps the original one). */
export function encryptWithTimestamp(fernet: Fernet, data: Uint8Array, timestamp: bigint): string {
  return encryptAt(keysOf(fernet), data, timestamp, randomBytes(16));
}

export { decodeUtf8 };
