import { describe, expect, it, vi } from 'vitest';
import '../src/vitest/index.js';
import { createTestHost, MockAgent, MockSecurity } from '../src/index.js';
import { FakeHost } from './support/fake-host.js';
import { SumPlugin } from './support/plugins.js';

describe('createTestHost', () => {
  it('boots the host lifecycle with mocks in place of services', async () => {
    const plugin = new SumPlugin();
    let built: FakeHost | undefined;
    const testHost = await createTestHost({
      plugins: [plugin],
      agents: [new MockAgent('a1', ['sum'])],
      host: (options) => {
        built = new FakeHost(options);
        return built;
      },
    });
    expect(testHost.boot).toEqual({ plugins: [{ pluginId: 'summer', state: 'ready' }] });
    expect(plugin.isInitialized).toBe(true);
    const result = await testHost.execute('sum', { values: [2, 3] });
    expect(result).toSucceed();
    expect(testHost.monitoring).toHaveRecordedMetric('summer_tasks_total', { type: 'sum' });
    expect(testHost.security.getPermissionChecks().map((c) => c.permission)).toEqual([
      'execute_sum',
    ]);
    expect(testHost.statusEvents.map((e) => e.status)).toEqual(['running', 'succeeded']);
    expect(built?.agents.has('a1')).toBe(true);
    await testHost.close();
    await testHost[Symbol.asyncDispose]();
    expect(built?.closed).toBe(1);
    expect(plugin.isInitialized).toBe(false);
    clearInterval(plugin.timer);
  });

  it('takes overrides, e.g. a checker that denies', async () => {
    const plugin = new SumPlugin();
    const testHost = await createTestHost({
      plugins: [plugin],
      overrides: { permissions: new MockSecurity() },
      host: (options) => new FakeHost(options),
    });
    expect(await testHost.execute('sum', { values: [1] })).toFailWith('PLUGIN_SECURITY');
    await testHost.close();
    clearInterval(plugin.timer);
  });

  it('closes the host when boot fails, and explains a core without PluginHost', async () => {
    let host: FakeHost | undefined;
    await expect(
      createTestHost({
        plugins: ['./not-a-plugin.js'],
        host: (options) => {
          host = new FakeHost(options);
          return host;
        },
      }),
    ).rejects.toThrow('module specifiers are not supported here');
    expect(host?.closed).toBe(1);
    await expect(createTestHost({ plugins: 'x' as never })).rejects.toThrow('`plugins` must be');
  });

  it('explains a @leanvibe/core that does not export PluginHost', async () => {
    vi.doMock('@leanvibe/core', () => ({ PluginHost: undefined }));
    try {
      await expect(createTestHost({ plugins: [] })).rejects.toThrow(
        'createTestHost needs PluginHost from @leanvibe/core, which the installed version does not export',
      );
    } finally {
      vi.doUnmock('@leanvibe/core');
    }
  });
});
