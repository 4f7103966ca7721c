/** Who is asking for a permission, and for what. */
export interface PermissionContext {
  readonly pluginId: string;
  readonly taskId?: string;
  /** What the permission is about: a host for `net:fetch`, a path for `fs:read`. */
  readonly resource?: string;
}

/**
 * Decides whether a plugin holds a permission. Permission strings: `execute_<taskType>`,
 * `net:<action>`, `fs:<action>`; a trailing `*` is the only wildcard.
 */
export interface PermissionChecker {
  check(permission: string, context: PermissionContext): Promise<boolean>;
}

/** Encrypts data to a string token and back. */
export interface Cipher {
  encrypt(data: string | Uint8Array): Promise<string>;
  decrypt(token: string): Promise<Uint8Array>;
}
