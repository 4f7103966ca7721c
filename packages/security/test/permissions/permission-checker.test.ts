import type { Logger } from '@leanvibe/core/contracts';
import { isInvalidArgumentError, isInvalidOptionError } from '@leanvibe/core/contracts';
import { describe, expect, it, vi } from 'vitest';
import {
  createPermissionChecker,
  isPermission,
  isPermissionPattern,
  type PermissionGrant,
} from '../../src/index.js';

function recordingLogger() {
  const warn = vi.fn();
  const logger: Logger = {
    debug: vi.fn(),
    info: vi.fn(),
    warn,
    error: vi.fn(),
    child: () => logger,
  };
  return { logger, warn };
}

describe('permission strings', () => {
  it.each([
    'execute_report',
    'execute_data.import',
    'execute_a:b-c_d',
    'net:fetch',
    'net:connect',
    'net:listen',
    'fs:read',
    'fs:write',
    'fs:delete',
  ])('knows %s', (permission) => {
    expect(isPermission(permission)).toBe(true);
    expect(isPermissionPattern(permission)).toBe(true);
  });

  it.each([
    'execute_',
    'execute_*',
    'execute report',
    'net:',
    'net:post',
    'fs:exec',
    'admin',
    '',
    'NET:fetch',
    5,
  ])('does not know %o', (permission) => {
    expect(isPermission(permission)).toBe(false);
  });

  it.each(['*', 'execute_*', 'execute_report*', 'net:*', 'net:f*', 'fs:*', 'fs:re*'])(
    'accepts the pattern %s',
    (pattern) => {
      expect(isPermissionPattern(pattern)).toBe(true);
    },
  );

  it.each(['*net', 'net:*fetch', 'net:x*', 'e*', 'net*', 'fs:**', 'execute_re*port*', 'fs:*read'])(
    'refuses the pattern %s (a trailing * is the only wildcard)',
    (pattern) => {
      expect(isPermissionPattern(pattern)).toBe(false);
    },
  );
});

describe('createPermissionChecker', () => {
  it('denies by default, and logs every denial', async () => {
    const { logger, warn } = recordingLogger();
    const checker = createPermissionChecker({ grants: {}, logger });
    await expect(checker.check('execute_report', { pluginId: 'p', taskId: 't1' })).resolves.toBe(
      false,
    );
    expect(warn).toHaveBeenCalledWith(
      {
        event: 'permission_denied',
        pluginId: 'p',
        taskId: 't1',
        permission: 'execute_report',
        resource: undefined,
        reason: 'no_grant',
      },
      'permission execute_report denied to plugin p',
    );
  });

  it('allows what is granted to that plugin only, and logs nothing then', async () => {
    const { logger, warn } = recordingLogger();
    const checker = createPermissionChecker({
      grants: { reporter: ['execute_report', 'fs:re*'], other: ['execute_*'] },
      logger,
    });
    await expect(checker.check('execute_report', { pluginId: 'reporter' })).resolves.toBe(true);
    await expect(checker.check('fs:read', { pluginId: 'reporter' })).resolves.toBe(true);
    await expect(checker.check('execute_anything', { pluginId: 'other' })).resolves.toBe(true);
    expect(warn).not.toHaveBeenCalled();
    await expect(checker.check('execute_export', { pluginId: 'reporter' })).resolves.toBe(false);
    await expect(checker.check('fs:write', { pluginId: 'reporter' })).resolves.toBe(false);
    await expect(checker.check('fs:read', { pluginId: 'other' })).resolves.toBe(false);
    await expect(checker.check('execute_report', { pluginId: 'toString' })).resolves.toBe(false);
    await expect(checker.check('execute_report', { pluginId: '__proto__' })).resolves.toBe(false);
    expect(warn).toHaveBeenCalledTimes(5);
  });

  it('matches net grants against a host allow-list', async () => {
    const { logger, warn } = recordingLogger();
    const checker = createPermissionChecker({
      grants: {
        fetcher: [
          {
            permission: 'net:fetch',
            hosts: ['API.example.com.', '*.cdn.example.org', '[::1]', '10.0.0.1'],
          },
        ],
      },
      logger,
    });
    const allowed = async (resource?: string) =>
      checker.check(
        'net:fetch',
        resource === undefined ? { pluginId: 'fetcher' } : { pluginId: 'fetcher', resource },
      );
    await expect(allowed('api.example.com')).resolves.toBe(true);
    await expect(allowed('https://api.example.com:8443/v1?q=1')).resolves.toBe(true);
    await expect(allowed('api.example.com:443')).resolves.toBe(true);
    await expect(allowed('API.EXAMPLE.COM.')).resolves.toBe(true);
    await expect(allowed('img.cdn.example.org')).resolves.toBe(true);
    await expect(allowed('a.b.cdn.example.org')).resolves.toBe(true);
    await expect(allowed('http://[::1]:8080/')).resolves.toBe(true);
    await expect(allowed('10.0.0.1')).resolves.toBe(true);
    await expect(allowed('cdn.example.org')).resolves.toBe(false);
    await expect(allowed('evilcdn.example.org')).resolves.toBe(false);
    await expect(allowed('example.com')).resolves.toBe(false);
    await expect(allowed('api.example.com.evil.net')).resolves.toBe(false);
    await expect(allowed('https://api.example.com@evil.net/')).resolves.toBe(false);
    await expect(allowed('not a host')).resolves.toBe(false);
    await expect(allowed('http://')).resolves.toBe(false);
    await expect(allowed()).resolves.toBe(false);
    const reasons = warn.mock.calls.map(([fields]) => (fields as { reason: string }).reason);
    expect(reasons.at(-1)).toBe('resource_required');
    expect(reasons.slice(0, -1).every((r) => r === 'host_not_allowed')).toBe(true);
    await expect(
      checker.check('net:connect', { pluginId: 'fetcher', resource: 'api.example.com' }),
    ).resolves.toBe(false);
  });

  it('an unscoped grant and a scoped one add up', async () => {
    const checker = createPermissionChecker({
      grants: { p: [{ permission: 'net:*', hosts: ['a.example'] }, 'net:listen'] },
    });
    await expect(
      checker.check('net:listen', { pluginId: 'p', resource: 'anywhere' }),
    ).resolves.toBe(true);
    await expect(
      checker.check('net:connect', { pluginId: 'p', resource: 'a.example' }),
    ).resolves.toBe(true);
    await expect(
      checker.check('net:connect', { pluginId: 'p', resource: 'b.example' }),
    ).resolves.toBe(false);
  });

  it('scopes fs grants to a root, by path.relative', async () => {
    const { logger, warn } = recordingLogger();
    const checker = createPermissionChecker({
      grants: { files: [{ permission: 'fs:read', root: '/srv/data' }] },
      logger,
    });
    const read = (resource: string) => checker.check('fs:read', { pluginId: 'files', resource });
    await expect(read('/srv/data/a.txt')).resolves.toBe(true);
    await expect(read('reports/a.txt')).resolves.toBe(true);
    await expect(read('reports/../a.txt')).resolves.toBe(true);
    await expect(read('/srv/data-sibling/a.txt')).resolves.toBe(false);
    await expect(read('../data-sibling/a.txt')).resolves.toBe(false);
    await expect(read('/etc/passwd')).resolves.toBe(false);
    await expect(checker.check('fs:read', { pluginId: 'files' })).resolves.toBe(false);
    expect(warn.mock.calls.map(([f]) => (f as { reason: string }).reason)).toEqual([
      'path_outside_root',
      'path_outside_root',
      'path_outside_root',
      'resource_required',
    ]);
  });

  it('freezes its grants, copied from the options', async () => {
    const list: PermissionGrant[] = ['execute_report'];
    const checker = createPermissionChecker({ grants: { p: list } });
    list.push('execute_*');
    await expect(checker.check('execute_other', { pluginId: 'p' })).resolves.toBe(false);
    const grants = checker.grantsFor('p');
    expect(grants).toEqual([{ permission: 'execute_report' }]);
    expect(Object.isFrozen(grants) && Object.isFrozen(grants[0])).toBe(true);
    expect(() => (grants as unknown as string[]).push('x')).toThrow(TypeError);
    expect(checker.grantsFor('nobody')).toEqual([]);
    expect(Object.isFrozen(checker)).toBe(true);
  });

  it('treats an unknown permission string as an error, not a denial', async () => {
    const checker = createPermissionChecker({ grants: { p: ['*'] } });
    for (const bad of ['net:*', 'admin', 'net:post', '']) {
      const error = await checker.check(bad, { pluginId: 'p' }).catch((e: unknown) => e);
      expect(isInvalidArgumentError(error), bad).toBe(true);
    }
    await expect(checker.check('fs:read', {} as never)).rejects.toThrow(
      '`context` must be an object with a non-empty `pluginId`',
    );
    await expect(checker.check('fs:read', { pluginId: 'p', resource: 5 as never })).rejects.toThrow(
      '`context.resource` must be a string',
    );
    await expect(checker.check('fs:delete', { pluginId: 'p' })).resolves.toBe(true);
  });

  it.each([
    [{ grants: { p: ['admin'] } }, '`grants.p[0]` must be a permission'],
    [{ grants: { p: ['net:*fetch'] } }, '`grants.p[0]` must be a permission'],
    [{ grants: { p: [5] } }, '`grants.p[0]` must be a permission string or'],
    [{ grants: { p: 'execute_x' } }, '`grants.p` must be an array'],
    [{ grants: [] }, '`grants` must be an object'],
    [{}, '`grants` must be an object'],
    [
      { grants: { p: [{ permission: 'fs:read', hosts: ['a.com'] }] } },
      '`grants.p[0].hosts` must be given only with a `net:`',
    ],
    [
      { grants: { p: [{ permission: 'net:fetch', root: '/tmp' }] } },
      '`grants.p[0].root` must be given only with an `fs:`',
    ],
    [
      { grants: { p: [{ permission: 'net:fetch', hosts: [] }] } },
      '`grants.p[0].hosts` must be a non-empty array',
    ],
    [{ grants: { p: [{ permission: 'net:fetch', hosts: ['*'] }] } }, '`grants.p[0].hosts` must be'],
    [
      { grants: { p: [{ permission: 'net:fetch', hosts: ['a.*.com'] }] } },
      '`grants.p[0].hosts` must be',
    ],
    [
      { grants: { p: [{ permission: 'net:fetch', hosts: ['http://a.com'] }] } },
      '`grants.p[0].hosts` must be',
    ],
    [
      { grants: { p: [{ permission: 'fs:read', root: '' }] } },
      '`grants.p[0].root` must be a non-empty',
    ],
    [{ grants: { p: [{ permission: 'fs:read' }] } }, '`grants.p[0]` must be a grant with either'],
    [{ grants: { p: [{ permission: 'nope', root: '/' }] } }, '`grants.p[0].permission` must be'],
  ])('refuses bad grants: %o', (options, message) => {
    let caught: unknown;
    try {
      createPermissionChecker(options as never);
    } catch (error) {
      caught = error;
    }
    expect(isInvalidOptionError(caught)).toBe(true);
    expect((caught as Error).message).toContain(message);
  });
});
