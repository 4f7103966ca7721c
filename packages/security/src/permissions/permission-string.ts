import { invalidArgument } from '@leanvibe/core/contracts';

/** The actions a `net:` permission may name. */
export const NET_ACTIONS = Object.freeze(['fetch', 'connect', 'listen'] as const);
/** The actions an `fs:` permission may name. */
export const FS_ACTIONS = Object.freeze(['read', 'write', 'delete'] as const);

const EXECUTE = 'execute_';
const TASK_TYPE = /^[A-Za-z0-9][A-Za-z0-9_.:-]*$/;
const TASK_TYPE_PREFIX = /^[A-Za-z0-9_.:-]*$/;
const EXPECTED = 'a permission such as `execute_<taskType>`, `net:fetch` or `fs:read`';

/** The family of a permission, which decides what a grant may scope it to. */
export type PermissionFamily = 'execute' | 'net' | 'fs';

function actionsOf(permission: string): readonly string[] | undefined {
  if (permission.startsWith('net:')) return NET_ACTIONS;
  if (permission.startsWith('fs:')) return FS_ACTIONS;
  return undefined;
}

/** The family of a checked permission or pattern (`undefined` for `*`, which spans all). */
export function familyOf(permission: string): PermissionFamily | undefined {
  if (permission.startsWith(EXECUTE)) return 'execute';
  if (permission.startsWith('net:')) return 'net';
  if (permission.startsWith('fs:')) return 'fs';
  return undefined;
}

/** True when `permission` is a known, exact permission string (no wildcard). */
export function isPermission(permission: unknown): permission is string {
  if (typeof permission !== 'string') return false;
  if (permission.startsWith(EXECUTE)) return TASK_TYPE.test(permission.slice(EXECUTE.length));
  const actions = actionsOf(permission);
  return actions?.includes(permission.slice(permission.indexOf(':') + 1)) ?? false;
}

/**
 * True when `pattern` is a permission, or a permission's prefix followed by `*` (the only
 * wildcard, and only at the end): `*`, `execute_*`, `execute_report*`, `net:*`, `fs:*`.
 */
export function isPermissionPattern(pattern: unknown): pattern is string {
  if (typeof pattern !== 'string') return false;
  if (!pattern.endsWith('*')) return isPermission(pattern);
  const prefix = pattern.slice(0, -1);
  if (prefix.includes('*')) return false;
  if (prefix.startsWith(EXECUTE)) return TASK_TYPE_PREFIX.test(prefix.slice(EXECUTE.length));
  const actions = actionsOf(prefix);
  if (actions !== undefined) {
    const start = prefix.slice(prefix.indexOf(':') + 1);
    return actions.some((action) => action.startsWith(start));
  }
  // A prefix of a family's own prefix (`*`, `e*`, `net*`) spans families; only `*` is allowed.
  return prefix === '';
}

/** Throws unless `permission` is a known, exact permission string. */
export function checkPermission(name: string, permission: unknown): string {
  if (!isPermission(permission)) throw invalidArgument(name, EXPECTED, permission);
  return permission;
}

/** True when `pattern` (checked by {@link isPermissionPattern}) covers `permission`. */
export function patternMatches(pattern: string, permission: string): boolean {
  return pattern.endsWith('*')
    ? permission.startsWith(pattern.slice(0, -1))
    : pattern === permission;
}
