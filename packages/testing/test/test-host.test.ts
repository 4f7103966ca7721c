import { fileURLToPath } from 'node:url';
import { definePlugin, PluginHost } from '@leanvibe/core';
import { createManualClock, type PluginContext } from '@leanvibe/core/contracts';
import { describe, expect, it, vi } from 'vitest';
import * as z from 'zod';
import '../src/vitest/index.js';
import { createTestHost, MockAgent, MockSecurity } from '../src/index.js';
import { SumPlugin } from './support/plugins.js';

/** A definePlugin plugin that records what its context did around cleanup. */
function watchedPlugin(name = 'watched') {
  const seen: {
    context?: PluginContext;
    abortedAtCleanup?: boolean | undefined;
    cleanups: number;
  } = {
    cleanups: 0,
  };
  const plugin = definePlugin({
    name,
    version: '1.0.0',
    type: 'custom',
    taskTypes: [`${name}.double`],
    sdk: '^0.1.0',
    params: z.object({ n: z.number() }),
    initialize: (context) => {
      seen.context = context;
    },
    handle: (task) => task.params.n * 2,
    cleanup: () => {
      seen.cleanups++;
      seen.abortedAtCleanup = seen.context?.signal.aborted;
    },
  });
  return { plugin, seen };
}

describe('createTestHost boots the real PluginHost', () => {
  it('with mocks in place of services: logger, metrics, permissions, cipher, agents', async () => {
    const sum = new SumPlugin();
    const { plugin: watched, seen } = watchedPlugin();
    const testHost = await createTestHost({
      plugins: [sum, watched],
      agents: [new MockAgent('a1', ['sum'])],
    });
    expect(testHost.host).toBeInstanceOf(PluginHost);
    expect(testHost.host.id).toBe('test-host');
    expect(testHost.boot.plugins.map((p) => [p.pluginId, p.state])).toEqual([
      ['summer', 'ready'],
      ['watched', 'ready'],
    ]);
    expect(sum.isInitialized).toBe(true);
    expect(watched.isInitialized).toBe(true);
    expect(seen.context?.permissions).toBe(testHost.security);
    expect(seen.context?.cipher).toBe(testHost.security);
    expect(seen.context?.metrics).toBe(testHost.monitoring);
    expect(seen.context?.orchestrator.getAvailableAgents(['sum']).map((a) => a.id)).toEqual(['a1']);

    const result = await testHost.execute('sum', { values: [2, 3] });
    expect(result).toSucceed();
    expect(result.success && result.data).toEqual({ sum: 5, count: 2 });
    expect(await testHost.execute('watched.double', { n: 21 })).toMatchObject({ data: 42 });
    expect(await testHost.execute('watched.double', { n: 'x' })).toFailWith('PLUGIN_VALIDATION');
    expect(await testHost.execute('translate', {})).toFailWith('PLUGIN_NOT_FOUND');

    expect(testHost.monitoring).toHaveRecordedMetric('summer_tasks_total', { type: 'sum' });
    expect(testHost.monitoring.getLoggedEvents().map((e) => e.message)).toContain(
      'plugin host started',
    );
    expect(testHost.security.getPermissionChecks().map((c) => c.permission)).toEqual([
      'execute_sum',
      'execute_watched.double',
      'execute_watched.double',
    ]);
    const sumEvents = testHost.statusEvents.filter((e) => e.type === 'sum');
    expect(sumEvents.at(0)).toMatchObject({ pluginId: 'summer', status: 'running' });
    expect(sumEvents).toContainEqual(expect.objectContaining({ status: 'running', progress: 0 }));
    expect(sumEvents.at(-1)).toMatchObject({ pluginId: 'summer', status: 'succeeded' });
    await testHost.close();
  });

  it('closes the host: the context signal aborts before cleanup, isInitialized turns false', async () => {
    const sum = new SumPlugin();
    const { plugin: watched, seen } = watchedPlugin();
    const testHost = await createTestHost({ plugins: [sum, watched] });
    expect(seen.context?.signal.aborted).toBe(false);
    await testHost.close();
    expect(seen.abortedAtCleanup).toBe(true);
    expect(watched.isInitialized).toBe(false);
    expect(sum.isInitialized).toBe(false);
    expect(testHost.host.health()).toMatchObject({ status: 'stopped', live: false });
    // Safe twice, and through `await using`: cleanup ran once.
    await testHost.close();
    await testHost[Symbol.asyncDispose]();
    expect(seen.cleanups).toBe(1);
    expect(await testHost.execute('sum', { values: [1] })).toFailWith('PLUGIN_NOT_READY');
  });

  it('takes overrides: a checker that denies, config by plugin name, a manual clock', async () => {
    const clock = createManualClock();
    const { plugin: watched, seen } = watchedPlugin();
    const slow = definePlugin({
      name: 'slow',
      version: '1.0.0',
      type: 'custom',
      taskTypes: ['slow'],
      sdk: '^0.1.0',
      limits: { maxExecutionTimeMs: 1_000 },
      handle: () => new Promise<never>(() => {}),
    });
    const testHost = await createTestHost({
      plugins: [watched, slow],
      overrides: {
        id: 'custom-id',
        clock,
        permissions: new MockSecurity({ grants: ['execute_slow'] }),
        config: { watched: { greeting: 'hi' } },
      },
    });
    expect(testHost.host.id).toBe('custom-id');
    expect(testHost.clock).toBe(clock);
    expect(seen.context?.config).toEqual({ greeting: 'hi' });
    expect(await testHost.execute('watched.double', { n: 1 })).toFailWith(
      'SECURITY_PERMISSION_DENIED',
    );
    const pending = testHost.execute('slow', {});
    await clock.advanceAsync(1_000);
    expect(await pending).toFailWith('PLUGIN_TIMEOUT');
    await testHost.close();
    expect(clock.pendingTimers()).toBe(0);
  });

  it('cancels a task through its signal', async () => {
    const testHost = await createTestHost({ plugins: [new SumPlugin()] });
    const controller = new AbortController();
    const pending = testHost.execute('sum', { values: [1], delayMs: 5_000 }, controller.signal);
    controller.abort(new Error('caller gave up'));
    expect(await pending).toFailWith('PLUGIN_CANCELLED');
    await testHost.close();
  });

  it('registers plugins by module specifier, as the host does', async () => {
    const specifier = fileURLToPath(new URL('./support/module-plugin.mjs', import.meta.url));
    const testHost = await createTestHost({ plugins: [specifier] });
    expect(await testHost.execute('module.echo', { a: 1 })).toMatchObject({
      success: true,
      pluginId: 'from-module',
      data: { a: 1 },
    });
    await testHost.close();
  });

  it('closes the host and rethrows when a plugin fails to start', async () => {
    const { plugin: healthy, seen } = watchedPlugin('healthy');
    const broken = definePlugin({
      name: 'broken',
      version: '1.0.0',
      type: 'custom',
      taskTypes: ['broken'],
      sdk: '^0.1.0',
      dependencies: ['healthy'],
      initialize: () => {
        throw new Error('no database');
      },
      handle: () => undefined,
    });
    const error = await createTestHost({ plugins: [healthy, broken] }).catch((e: unknown) => e);
    expect(error).toFailWith('HOST_START_FAILED');
    expect(String((error as { report: unknown }).report)).toMatch(/broken\s+failed/);
    expect(seen.cleanups).toBe(1);
    expect(healthy.isInitialized).toBe(false);
  });

  it('closes the host and rethrows when a plugin cannot be registered', async () => {
    const { plugin: healthy } = watchedPlugin('healthy');
    await expect(
      createTestHost({ plugins: [healthy, './test/support/no-such-plugin.mjs'] }),
    ).rejects.toThrow(/no-such-plugin/);
    await expect(createTestHost({ plugins: [new SumPlugin(), new SumPlugin()] })).rejects.toThrow(
      'a plugin named "summer" is already registered',
    );
  });

  it('validates its options, naming the wrong one', async () => {
    await expect(createTestHost({ plugins: 'x' as never })).rejects.toThrow('`plugins` must be');
    await expect(createTestHost({ plugins: [], agents: {} as never })).rejects.toThrow(
      '`agents` must be',
    );
    await expect(createTestHost({ plugins: [], overrides: 1 as never })).rejects.toThrow(
      '`overrides`',
    );
    await expect(
      createTestHost({ plugins: [], overrides: { clock: {} as never } }),
    ).rejects.toThrow('`clock`');
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
