import { writeFile } from 'node:fs/promises';
import { lazy, PluginBase, type PluginContext, type Task, type TaskScope } from '@leanvibe/core';
import { type PermissionChecker, PluginSecurityError } from '@leanvibe/core/contracts';
import {
  deriveKey,
  Fernet,
  isUnsafePathError,
  LegacyHiveCipher,
  openSafeFile,
  validateFilePath,
} from '@leanvibe/security';
import { z } from 'zod';

/** Settings of the vault plugin. */
export interface VaultPluginOptions {
  /** The only directory the vault writes in: an existing directory. */
  readonly root: string;
  /**
   * Gives the vault's Fernet key (32 bytes, url-safe base64); called once, on the first task.
   * {@link derivedKey} derives one from a passphrase with a random salt.
   */
  readonly key: () => string | Promise<string>;
  /** The password of the legacy Python hive's data. */
  readonly legacyPassword: string;
}

const NAME = z.string().min(1).max(200);

const Params = z.discriminatedUnion('op', [
  /** Encrypt `data` and store it as `name` inside the root. */
  z.object({ op: z.literal('seal'), name: NAME, data: z.string().max(1_000_000) }),
  /** Decrypt a token of the legacy scheme, re-encrypt it under the vault's key, store it as `name`. */
  z.object({ op: z.literal('migrate'), name: NAME, stored: z.string().min(1).max(100_000) }),
]);

/** Params of a `vault` task. */
export type VaultParams = z.output<typeof Params>;

/** What a vault task returns: never the secret itself. */
export interface VaultOutcome {
  readonly op: VaultParams['op'];
  readonly name: string;
  /** Size of the stored token. */
  readonly bytes: number;
  /** Characters of the plaintext. */
  readonly plaintextChars: number;
  /** The stored file was read back through `openSafeFile` and decrypted to the same plaintext. */
  readonly verified: boolean;
}

/** Scrypt work factor of a derived key: 2^15 (32 MiB, ~0.1 s) keeps the demo quick. */
const KEY_COST = 2 ** 15;

/**
 * A key source for the vault: scrypt over `passphrase` with a fresh random salt. Key derivation
 * is slow by design, so it runs on the first task, not at start-up.
 */
export function derivedKey(passphrase: string): () => Promise<string> {
  return async () => (await deriveKey(passphrase, { cost: KEY_COST })).key;
}

/**
 * Encrypts data with Fernet under its key (derived from a passphrase with a random salt in the
 * demo, see {@link derivedKey}), migrates
 * the Python hive's legacy tokens to that key, and writes files only inside its root: each path
 * is judged by `validateFilePath`, each write needs the `fs:write` permission for that path,
 * and each file is read back through `openSafeFile`.
 */
export class VaultPlugin extends PluginBase<VaultParams, VaultOutcome> {
  readonly #options: VaultPluginOptions;
  readonly #fernet = lazy(async () => new Fernet(await this.#options.key()));
  #permissions: PermissionChecker | undefined;

  constructor(options: VaultPluginOptions) {
    super({
      name: 'vault',
      version: '1.0.0',
      type: 'security',
      taskTypes: ['vault'],
      sdk: '^0.1.0',
      params: Params,
      limits: { maxExecutionTimeMs: 10_000, concurrency: 2 },
    });
    this.#options = options;
  }

  protected override onInitialize(context: PluginContext): void {
    this.#permissions = context.permissions;
  }

  async handleTask(
    task: Task<VaultParams>,
    scope: TaskScope<VaultParams, VaultOutcome>,
  ): Promise<VaultOutcome> {
    const { params } = task;
    const fernet = await this.#fernet.get();
    const plaintext =
      params.op === 'seal'
        ? params.data
        : await new LegacyHiveCipher({ password: this.#options.legacyPassword }).decryptString(
            params.stored,
          );
    const token = await fernet.encrypt(plaintext);
    const path = await this.#target(task, scope, params.name);
    await this.#require('fs:write', task, path);
    // `wx`: create only, never through an existing file or link planted at the path.
    await writeFile(path, token, { flag: 'wx', mode: 0o600 });

    await this.#require('fs:read', task, path);
    const handle = await openSafeFile(params.name, {
      root: this.#options.root,
      allowedExtensions: ['.fernet'],
    });
    let stored: string;
    try {
      stored = await handle.readFile('utf8');
    } finally {
      await handle.close();
    }
    const verified = (await fernet.decryptString(stored)) === plaintext;
    scope.logger.info(
      { op: params.op, name: params.name, verified },
      `${params.op === 'seal' ? 'sealed' : 'migrated'} ${params.name}`,
    );
    return {
      op: params.op,
      name: params.name,
      bytes: stored.length,
      plaintextChars: plaintext.length,
      verified,
    };
  }

  async #target(
    task: Task<VaultParams>,
    scope: TaskScope<VaultParams, VaultOutcome>,
    name: string,
  ): Promise<string> {
    try {
      return await validateFilePath(name, {
        root: this.#options.root,
        allowedExtensions: ['.fernet'],
      });
    } catch (error) {
      if (isUnsafePathError(error)) {
        scope.logger.warn(
          { name, violation: error.violation, task: task.id },
          `refused to write ${name}: ${error.violation}`,
        );
      }
      throw error;
    }
  }

  async #require(
    permission: 'fs:read' | 'fs:write',
    task: Task<VaultParams>,
    path: string,
  ): Promise<void> {
    const checker = this.#permissions;
    if (checker === undefined) return;
    if (
      await checker.check(permission, { pluginId: this.pluginId, taskId: task.id, resource: path })
    )
      return;
    throw new PluginSecurityError(
      `plugin "${this.pluginId}" may not ${permission.slice(3)} ${path}`,
      {
        pluginId: this.pluginId,
        taskId: task.id,
        violation: 'permission_denied',
        requiredPermission: permission,
        code: 'SECURITY_PERMISSION_DENIED',
      },
    );
  }
}
