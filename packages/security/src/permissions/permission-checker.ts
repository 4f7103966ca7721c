import { resolve } from 'node:path';
import {
  checkOptionsObject,
  invalidArgument,
  invalidOption,
  type Logger,
  noopLogger,
  type PermissionChecker,
  type PermissionContext,
} from '@leanvibe/core/contracts';
import { isInside } from '../paths/validate-file-path.js';
import { createHostMatcher, type HostMatcher } from '../url/host.js';
import {
  checkPermission,
  familyOf,
  isPermissionPattern,
  patternMatches,
} from './permission-string.js';

/**
 * One grant: a permission or pattern (`execute_report`, `execute_*`, `net:fetch`, `fs:*`), or an
 * object that also scopes it — `net:` permissions to a host allow-list, `fs:` permissions to a
 * directory.
 */
export type PermissionGrant =
  | string
  | {
      /** A `net:` permission or pattern. */
      readonly permission: string;
      /** Hosts allowed: exact names or IPs, or `*.example.com` for any subdomain of it. */
      readonly hosts: readonly string[];
    }
  | {
      /** An `fs:` permission or pattern. */
      readonly permission: string;
      /** The directory the permission is limited to (resolved against the working directory). */
      readonly root: string;
    };

/** A grant as the checker holds it: checked, normalised and frozen. */
export interface NormalisedGrant {
  readonly permission: string;
  readonly hosts?: readonly string[];
  readonly root?: string;
}

/** Options of {@link createPermissionChecker}. */
export interface PermissionCheckerOptions {
  /** The grants of each plugin, by plugin id. A plugin not listed holds nothing. */
  readonly grants: Readonly<Record<string, readonly PermissionGrant[]>>;
  /**
   * Where denials are written (`warn`, with `event: 'permission_denied'`), for an audit trail.
   * @default noopLogger
   */
  readonly logger?: Logger;
}

/** Why a check was denied, as written to the audit log. */
export type DenialReason =
  | 'no_grant'
  | 'resource_required'
  | 'host_not_allowed'
  | 'path_outside_root';

/** A {@link PermissionChecker} that can also show what it grants. */
export interface GrantPermissionChecker extends PermissionChecker {
  /** The frozen grants of `pluginId` (empty when it has none). */
  grantsFor(pluginId: string): readonly NormalisedGrant[];
}

// Host allow-lists of `net:` grants, matched as the URL guards match them (one implementation:
// IP literals in any notation, IDN, trailing dots, ports).
const hostMatchers = new WeakMap<NormalisedGrant, HostMatcher>();

/** The host a `net:` check is about: the `resource` itself, or the host of a URL. */
function hostOfResource(resource: string): string | undefined {
  if (!resource.includes('://')) return resource;
  try {
    return new URL(resource).host;
  } catch {
    return undefined;
  }
}

function normaliseGrant(pluginId: string, grant: unknown, index: number): NormalisedGrant {
  const name = `grants.${pluginId}[${index}]`;
  if (typeof grant === 'string') {
    if (!isPermissionPattern(grant)) {
      throw invalidOption(
        name,
        'a permission such as `execute_<taskType>`, `net:fetch`, `fs:read`, or one ending in `*`',
        grant,
      );
    }
    return Object.freeze({ permission: grant });
  }
  if (typeof grant !== 'object' || grant === null) {
    throw invalidOption(
      name,
      'a permission string or { permission, hosts } or { permission, root }',
      grant,
    );
  }
  const { permission, hosts, root } = grant as Record<string, unknown>;
  if (!isPermissionPattern(permission)) {
    throw invalidOption(`${name}.permission`, 'a permission string', permission);
  }
  const family = familyOf(permission);
  if (hosts !== undefined && root === undefined) {
    if (family !== 'net')
      throw invalidOption(`${name}.hosts`, 'given only with a `net:` permission', hosts);
    let matcher: HostMatcher | undefined;
    try {
      if (Array.isArray(hosts) && hosts.length > 0) matcher = createHostMatcher(hosts);
    } catch {
      matcher = undefined;
    }
    if (matcher === undefined) {
      throw invalidOption(
        `${name}.hosts`,
        'a non-empty array of hosts or `*.domain` patterns',
        hosts,
      );
    }
    const normalised: NormalisedGrant = Object.freeze({
      permission,
      hosts: Object.freeze([...(hosts as string[])]),
    });
    hostMatchers.set(normalised, matcher);
    return normalised;
  }
  if (root !== undefined && hosts === undefined) {
    if (family !== 'fs')
      throw invalidOption(`${name}.root`, 'given only with an `fs:` permission', root);
    if (typeof root !== 'string' || root.length === 0) {
      throw invalidOption(`${name}.root`, 'a non-empty directory path', root);
    }
    return Object.freeze({ permission, root: resolve(root) });
  }
  throw invalidOption(name, 'a grant with either `hosts` (net:) or `root` (fs:)', grant);
}

/**
 * Creates a deny-by-default {@link PermissionChecker}: a plugin holds only what `grants` lists
 * for it. `net:` grants may carry a host allow-list and `fs:` grants a root directory; such a
 * grant applies only when the check names a `resource` (a host or URL, a path) within it. Asking
 * about a permission string it does not know is an error, not a denial. Every denial is written
 * to `logger.warn` for the audit trail.
 *
 * Permissions are advisory for code in the same process: they stop a plugin that asks, not one
 * that goes around the host.
 *
 * @example
 * ```ts
 * const permissions = createPermissionChecker({
 *   grants: {
 *     reporter: ['execute_report', { permission: 'net:fetch', hosts: ['api.example.com'] }],
 *   },
 *   logger,
 * });
 * await permissions.check('net:fetch', { pluginId: 'reporter', resource: 'https://api.example.com/x' }); // true
 * ```
 */
export function createPermissionChecker(options: PermissionCheckerOptions): GrantPermissionChecker {
  const { grants, logger = noopLogger } = checkOptionsObject('options', options);
  if (typeof grants !== 'object' || grants === null || Array.isArray(grants)) {
    throw invalidOption('grants', 'an object of grant lists by plugin id', grants);
  }
  // A Map, so that a plugin id such as `__proto__` or `toString` is only ever a key.
  const byPlugin = new Map<string, readonly NormalisedGrant[]>();
  for (const [pluginId, list] of Object.entries(grants)) {
    if (!Array.isArray(list)) throw invalidOption(`grants.${pluginId}`, 'an array of grants', list);
    byPlugin.set(
      pluginId,
      Object.freeze(list.map((grant, i) => normaliseGrant(pluginId, grant, i))),
    );
  }
  const none: readonly NormalisedGrant[] = Object.freeze([]);

  function verdict(
    permission: string,
    resource: string | undefined,
    list: readonly NormalisedGrant[],
  ): DenialReason | undefined {
    let reason: DenialReason = 'no_grant';
    for (const grant of list) {
      if (!patternMatches(grant.permission, permission)) continue;
      if (grant.hosts !== undefined) {
        const host = resource === undefined ? undefined : hostOfResource(resource);
        if (host !== undefined && hostMatchers.get(grant)?.(host) === true) return undefined;
        reason = resource === undefined ? 'resource_required' : 'host_not_allowed';
      } else if (grant.root !== undefined) {
        if (resource !== undefined && isInside(grant.root, resolve(grant.root, resource)))
          return undefined;
        reason = resource === undefined ? 'resource_required' : 'path_outside_root';
      } else {
        return undefined;
      }
    }
    return reason;
  }

  return Object.freeze({
    grantsFor(pluginId: string): readonly NormalisedGrant[] {
      return byPlugin.get(pluginId) ?? none;
    },
    async check(permission: string, context: PermissionContext): Promise<boolean> {
      checkPermission('permission', permission);
      if (
        typeof context !== 'object' ||
        context === null ||
        typeof context.pluginId !== 'string' ||
        context.pluginId === ''
      ) {
        throw invalidArgument('context', 'an object with a non-empty `pluginId`', context);
      }
      const { pluginId, taskId, resource } = context;
      if (resource !== undefined && typeof resource !== 'string') {
        throw invalidArgument('context.resource', 'a string', resource);
      }
      const reason = verdict(permission, resource, byPlugin.get(pluginId) ?? none);
      if (reason === undefined) return true;
      logger.warn(
        { event: 'permission_denied', pluginId, taskId, permission, resource, reason },
        `permission ${permission} denied to plugin ${pluginId}`,
      );
      return false;
    },
  });
}
