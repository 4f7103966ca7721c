import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import {
  type Cipher,
  checkOptionsObject,
  checkString,
  invalidArgument,
  invalidOption,
  LeanVibeError,
  type PermissionChecker,
  type PermissionContext,
} from '@leanvibe/core/contracts';

/** One recorded permission check. */
export interface PermissionCheck {
  readonly permission: string;
  readonly context: PermissionContext;
  readonly granted: boolean;
}

/** Options of {@link MockSecurity}. */
export interface MockSecurityOptions {
  /** Permissions granted from the start; a trailing `*` is a wildcard (`net:*`, or `*` for all). @default [] */
  readonly grants?: readonly string[];
  /** A 32-byte AES-256-GCM key. @default a random key per instance */
  readonly key?: Uint8Array;
}

const PREFIX = 'mock1.';
const IV_BYTES = 12;
const TAG_BYTES = 16;

function checkPermission(name: string, permission: unknown): string {
  return checkString(name, permission);
}

/** True when `grant` covers `permission`: equal, or a trailing-`*` prefix of it. */
export function grantCovers(grant: string, permission: string): boolean {
  return grant.endsWith('*') ? permission.startsWith(grant.slice(0, -1)) : grant === permission;
}

/**
 * A {@link PermissionChecker} with grants you set and a log of every check, and a {@link Cipher}
 * that really encrypts (AES-256-GCM with a random IV per token): tokens differ from the data,
 * differ from each other, and decrypt back; a tampered token is rejected.
 *
 * @example
 * ```ts
 * const security = new MockSecurity({ grants: ['execute_*', 'net:fetch'] });
 * await security.check('net:fetch', { pluginId: 'fetcher' }); // true
 * const token = await security.encrypt('sensitive information');
 * new TextDecoder().decode(await security.decrypt(token)); // 'sensitive information'
 * ```
 */
export class MockSecurity implements PermissionChecker, Cipher {
  readonly #grants = new Set<string>();
  readonly #checks: PermissionCheck[] = [];
  readonly #key: Buffer;

  constructor(options: MockSecurityOptions = {}) {
    const checked = checkOptionsObject('options', options);
    const grants = checked.grants ?? [];
    if (!Array.isArray(grants)) throw invalidOption('grants', 'an array of strings', grants);
    grants.forEach((grant, i) => {
      this.#grants.add(checkPermission(`grants[${i}]`, grant));
    });
    if (
      checked.key !== undefined &&
      !(checked.key instanceof Uint8Array && checked.key.length === 32)
    ) {
      throw invalidOption('key', 'a Uint8Array of 32 bytes', checked.key);
    }
    this.#key = checked.key === undefined ? randomBytes(32) : Buffer.from(checked.key);
  }

  /** Grants permissions (a trailing `*` is a wildcard). */
  grant(...permissions: string[]): this {
    permissions.forEach((permission, i) => {
      this.#grants.add(checkPermission(`permissions[${i}]`, permission));
    });
    return this;
  }

  /** Withdraws grants given earlier (exactly as they were given). */
  revoke(...permissions: string[]): this {
    for (const permission of permissions) this.#grants.delete(permission);
    return this;
  }

  /** The current grants. */
  get grants(): readonly string[] {
    return [...this.#grants];
  }

  async check(permission: string, context: PermissionContext): Promise<boolean> {
    checkPermission('permission', permission);
    if (typeof context !== 'object' || context === null || typeof context.pluginId !== 'string') {
      throw invalidArgument('context', 'an object with a string pluginId', context);
    }
    const granted = [...this.#grants].some((grant) => grantCovers(grant, permission));
    this.#checks.push(
      Object.freeze({ permission, context: Object.freeze({ ...context }), granted }),
    );
    return granted;
  }

  /** Every permission check, in order, with its answer. */
  getPermissionChecks(): readonly PermissionCheck[] {
    return [...this.#checks];
  }

  async encrypt(data: string | Uint8Array): Promise<string> {
    if (typeof data !== 'string' && !(data instanceof Uint8Array)) {
      throw invalidArgument('data', 'a string or a Uint8Array', data);
    }
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv);
    const body = Buffer.concat([
      cipher.update(typeof data === 'string' ? Buffer.from(data, 'utf8') : data),
      cipher.final(),
    ]);
    return PREFIX + Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64url');
  }

  async decrypt(token: string): Promise<Uint8Array> {
    if (typeof token !== 'string' || !token.startsWith(PREFIX)) {
      throw invalidToken('it does not start with "mock1."');
    }
    const raw = Buffer.from(token.slice(PREFIX.length), 'base64url');
    if (raw.length < IV_BYTES + TAG_BYTES) throw invalidToken('it is too short');
    const decipher = createDecipheriv('aes-256-gcm', this.#key, raw.subarray(0, IV_BYTES));
    decipher.setAuthTag(raw.subarray(raw.length - TAG_BYTES));
    try {
      const plain = Buffer.concat([
        decipher.update(raw.subarray(IV_BYTES, raw.length - TAG_BYTES)),
        decipher.final(),
      ]);
      return new Uint8Array(plain.buffer, plain.byteOffset, plain.byteLength);
    } catch (error) {
      throw invalidToken('it was tampered with or made with another key', error);
    }
  }
}

function invalidToken(why: string, cause?: unknown): LeanVibeError {
  return new LeanVibeError('SECURITY_INVALID_TOKEN', `Cannot decrypt the token: ${why}`, {
    cause,
  });
}
