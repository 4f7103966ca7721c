import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { describe, expect, it } from 'vitest';
import {
  createManualClock,
  DIAGNOSTICS_CHANNELS,
  isPluginHostError,
  isPluginTimeoutError,
  isPluginValidationError,
  PluginHost,
  type PluginHostError,
  type PluginLifecycleMessage,
  type PluginType,
} from '../src/index.js';
import { deferred, plugin } from './fixtures/plugins.js';

function recorder() {
  const events: string[] = [];
  const make = (name: string, dependencies: string[] = [], extra = {}) =>
    plugin(name, {
      dependencies,
      initialize: () => {
        events.push(`init ${name}`);
      },
      cleanup: () => {
        events.push(`cleanup ${name}`);
      },
      ...extra,
    });
  return { events, make };
}

async function startError(host: PluginHost): Promise<PluginHostError> {
  const error = await host.start().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isPluginHostError(error)).toBe(true);
  return error as PluginHostError;
}

describe('PluginHost start', () => {
  it('starts a diamond in dependency order, the two middle plugins concurrently', async () => {
    const gates = { left: deferred(), right: deferred() };
    const started: string[] = [];
    const { make, events } = recorder();
    const host = new PluginHost();
    const middle = (name: 'left' | 'right') =>
      make(name, ['base'], {
        initialize: async () => {
          started.push(name);
          await gates[name].promise;
          events.push(`init ${name}`);
        },
      });
    await host.register(make('top', ['left', 'right']));
    await host.register(middle('left'));
    await host.register(middle('right'));
    await host.register(make('base'));
    const starting = host.start();
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toEqual(['left', 'right']);
    gates.right.resolve();
    gates.left.resolve();
    const report = await starting;
    expect(events).toEqual(['init base', 'init right', 'init left', 'init top']);
    expect(report.plugins.map((p) => p.pluginId)).toEqual(['base', 'left', 'right', 'top']);
    expect(report.plugins.every((p) => p.state === 'ready')).toBe(true);
    expect(String(report)).toMatch(/4 of 4 plugins ready/);
    expect(String(report)).toMatch(/top\s+ready\s+\d+\.\d\d ms\s+after left, right/);
    await host.close();
    expect(events.slice(4)).toEqual([
      'cleanup top',
      'cleanup left',
      'cleanup right',
      'cleanup base',
    ]);
  });

  it('refuses a cycle, naming every member, and starts nothing', async () => {
    const { make, events } = recorder();
    const host = new PluginHost();
    for (const [name, deps] of [
      ['a', ['c']],
      ['b', ['a']],
      ['c', ['b']],
      ['d', ['e']],
      ['e', ['d']],
      ['f', []],
    ] as const) {
      await host.register(make(name, [...deps]));
    }
    const error = await startError(host);
    expect(error.code).toBe('HOST_DEPENDENCY_CYCLE');
    expect([...error.plugins].sort()).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(error.message).toMatch(/2 dependency cycles/);
    for (const name of ['a', 'b', 'c', 'd', 'e']) expect(error.message).toContain(`"${name}"`);
    expect(events).toEqual([]);
    expect(host.health().status).toBe('idle');
  });

  it('refuses a missing dependency, naming who needs what, and may be retried', async () => {
    const { make } = recorder();
    const host = new PluginHost();
    await host.register(make('app', ['db', 'cache']));
    const error = await startError(host);
    expect(error.code).toBe('HOST_MISSING_DEPENDENCY');
    expect(error.message).toContain('"app" needs "db"');
    expect(error.message).toContain('"app" needs "cache"');
    await host.register(make('db'));
    await host.register(make('cache'));
    const report = await host.start();
    expect(report.plugins).toHaveLength(3);
    await host.close();
  });

  it('leaves an optional plugin that fails to initialize failed, and its dependants too', async () => {
    const { make } = recorder();
    const host = new PluginHost();
    await host.register(
      make('flaky', [], {
        optional: true,
        initialize: () => {
          throw new Error('no GPU');
        },
      }),
    );
    await host.register(make('uses-flaky', ['flaky'], { optional: true }));
    await host.register(make('solid'));
    const report = await host.start();
    expect(report.plugins.find((p) => p.pluginId === 'flaky')).toMatchObject({ state: 'failed' });
    expect(report.plugins.find((p) => p.pluginId === 'uses-flaky')?.error?.code).toBe(
      'PLUGIN_DEPENDENCY_FAILED',
    );
    expect(String(report)).toMatch(/flaky\s+failed.*optional; PLUGIN_EXECUTION: .*no GPU/);
    const health = host.health();
    expect(health).toMatchObject({ status: 'degraded', ready: true, live: true });
    expect(health.plugins.find((p) => p.pluginId === 'flaky')?.lastError?.message).toContain(
      'no GPU',
    );
    const result = await host.execute({ type: 'flaky.run', params: {} });
    expect(result.success ? '' : result.error.code).toBe('PLUGIN_NOT_READY');
    expect((await host.execute({ type: 'solid.run', params: {} })).success).toBe(true);
    await host.close();
  });

  it('rolls back when a required plugin fails: the started ones are cleaned up', async () => {
    const { make, events } = recorder();
    const host = new PluginHost();
    await host.register(make('db'));
    await host.register(
      make('api', ['db'], {
        initialize: () => {
          throw 'port in use';
        },
      }),
    );
    const error = await startError(host);
    expect(error.code).toBe('HOST_START_FAILED');
    expect(error.plugins).toEqual(['api']);
    expect(error.message).toContain('port in use');
    expect(String((error as PluginHostError & { report: unknown }).report)).toMatch(/api\s+failed/);
    expect(events).toEqual(['init db', 'cleanup db']);
    expect(host.health()).toMatchObject({ status: 'stopped', live: false, ready: false });
    await host.close();
    await expect(host.start()).rejects.toThrow(/closed/);
  });

  it('fails a plugin whose initialize outlives its budget, aborting its signal', async () => {
    const clock = createManualClock();
    let initSignal: AbortSignal | undefined;
    const cleaned: string[] = [];
    const finish = deferred();
    const host = new PluginHost({ clock, initTimeoutMs: 500 });
    await host.register(
      plugin('slow', {
        optional: true,
        initialize: async (ctx) => {
          initSignal = ctx.signal;
          await finish.promise;
        },
        cleanup: () => {
          cleaned.push('slow');
        },
      }),
    );
    const starting = host.start();
    await clock.advanceAsync(500);
    const report = await starting;
    const entry = report.plugins[0];
    expect(entry?.state).toBe('failed');
    expect(isPluginTimeoutError(entry?.error)).toBe(true);
    expect(entry?.error).toMatchObject({ timeoutMs: 500, operation: 'initialize' });
    expect(initSignal?.aborted).toBe(true);
    // It finished after all: what it acquired is released.
    finish.resolve();
    await clock.flush();
    await clock.flush();
    expect(cleaned).toEqual(['slow']);
    await host.close();
    expect(clock.pendingTimers()).toBe(0);
  });

  it("aborts a ready plugin's context signal when the host closes, before its cleanup", async () => {
    let contextSignal: AbortSignal | undefined;
    let abortedAtCleanup: boolean | undefined;
    const host = new PluginHost();
    const ready = plugin('steady', {
      initialize: (ctx) => {
        contextSignal = ctx.signal;
      },
      cleanup: () => {
        abortedAtCleanup = contextSignal?.aborted;
      },
    });
    await host.register(ready);
    await host.start();
    expect(contextSignal?.aborted).toBe(false);
    await host.close();
    expect(abortedAtCleanup).toBe(true);
    expect(contextSignal?.reason).toMatchObject({ code: 'HOST_CLOSED' });
    expect(ready.isInitialized).toBe(false);
  });

  it('checks manifests at register, listing every problem', async () => {
    const host = new PluginHost();
    const bad = plugin('ok', { version: 'one', taskTypes: [], sdk: 'not a range' } as never);
    const error = await host.register(bad).catch((e: unknown) => e);
    expect(isPluginValidationError(error)).toBe(true);
    const paths = (error as { issues: { path: string[] }[] }).issues.map((i) => i.path.join('.'));
    expect(paths).toEqual(['version', 'taskTypes', 'sdk']);
    await expect(host.register({} as never)).rejects.toThrow(/`plugin` must be a plugin/);
    await expect(host.register(plugin('me', { dependencies: ['me'] }))).rejects.toThrow(
      /must not list the plugin itself/,
    );
  });

  it('checks the sdk range against its own version', async () => {
    const host = new PluginHost();
    const error = await host.register(plugin('future', { sdk: '^2.0.0' })).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'HOST_SDK_MISMATCH', plugins: ['future'] });
    expect((error as Error).message).toMatch(
      /built for @leanvibe\/core \^2\.0\.0, but this is 0\.1\.0/,
    );
  });

  it('refuses a duplicate name and a task type claimed twice', async () => {
    const host = new PluginHost();
    await host.register(plugin('a', { taskTypes: ['x'] }));
    await expect(host.register(plugin('a', { taskTypes: ['y'] }))).rejects.toMatchObject({
      code: 'HOST_DUPLICATE_PLUGIN',
    });
    await expect(host.register(plugin('b', { taskTypes: ['y', 'x'] }))).rejects.toMatchObject({
      code: 'HOST_TASK_TYPE_CONFLICT',
      plugins: ['a', 'b'],
    });
  });

  it('registers a plugin from a module specifier', async () => {
    const host = new PluginHost();
    await host.register(new URL('./fixtures/module-plugin.ts', import.meta.url).pathname);
    await host.start();
    const result = await host.execute({ type: 'from-module.run', params: {} });
    expect(result).toMatchObject({
      success: true,
      pluginId: 'from-module',
      data: 'from-module done',
    });
    await host.close();
  });

  it('refuses to start when plugins declare permissions and nothing checks them', async () => {
    const host = new PluginHost();
    await host.register(plugin('net', { requiredPermissions: ['net:fetch'] }));
    await host.register(plugin('fs', { requiredPermissions: ['fs:read'] }));
    const error = await startError(host);
    expect(error.code).toBe('HOST_PERMISSIONS_UNENFORCED');
    expect(error.plugins).toEqual(['net', 'fs']);
    const unenforced = new PluginHost({ permissions: 'unenforced' });
    await unenforced.register(plugin('net', { requiredPermissions: ['net:fetch'] }));
    await unenforced.start();
    expect((await unenforced.execute({ type: 'net.run', params: {} })).success).toBe(true);
    await unenforced.close();
  });

  it('hands plugins their config, a child logger and the orchestrator', async () => {
    const bindings: unknown[] = [];
    const logger = {
      debug() {},
      info() {},
      warn() {},
      error() {},
      child(b: Record<string, unknown>) {
        bindings.push(b);
        return logger;
      },
    };
    const host = new PluginHost({
      logger,
      config: { cfg: { region: 'eu', limits: { concurrency: 2 } } },
    });
    const seen: unknown[] = [];
    await host.register(
      plugin('cfg', {
        initialize: (ctx, self) => {
          seen.push(ctx.config, ctx.orchestrator === host.orchestrator, self.config);
        },
      }),
    );
    await host.start();
    expect(seen[0]).toEqual({ region: 'eu', limits: { concurrency: 2 } });
    expect(Object.isFrozen(seen[0])).toBe(true);
    expect(seen[1]).toBe(true);
    expect(seen[2]).toBe(seen[0]);
    expect(bindings).toContainEqual({ plugin: { id: 'cfg', version: '1.0.0' } });
    await host.close();
  });

  it('refuses configured limits that are invalid', async () => {
    const host = new PluginHost({ config: { a: { limits: { concurrency: 0 } } } });
    await host.register(plugin('a'));
    const error = await startError(host);
    expect(error.code).toBe('HOST_INVALID_PLUGIN');
    expect(error.message).toContain(
      'config.a.limits is invalid: concurrency: must be an integer ≥ 1',
    );
  });

  it('publishes init and cleanup on the diagnostics channels, with its id', async () => {
    const messages: PluginLifecycleMessage[] = [];
    const listener = (message: unknown) => messages.push(message as PluginLifecycleMessage);
    subscribe(DIAGNOSTICS_CHANNELS.init, listener);
    subscribe(DIAGNOSTICS_CHANNELS.cleanup, listener);
    try {
      const host = new PluginHost({ id: 'diag-host' });
      await host.register(plugin('a'));
      await host.start();
      await host.close();
      const mine = messages.filter((m) => m.hostId === 'diag-host');
      expect(mine.map((m) => `${m.pluginId} ${m.phase}`)).toEqual([
        'a start',
        'a end',
        'a start',
        'a end',
      ]);
      expect(mine[1]?.durationMs).toBeGreaterThanOrEqual(0);
    } finally {
      unsubscribe(DIAGNOSTICS_CHANNELS.init, listener);
      unsubscribe(DIAGNOSTICS_CHANNELS.cleanup, listener);
    }
  });

  it('returns the same report when started twice and closes safely twice', async () => {
    const { make, events } = recorder();
    const host = new PluginHost();
    await host.register(make('a'));
    const first = host.start();
    expect(host.start()).toBe(first);
    await first;
    await expect(host.register(make('late'))).rejects.toMatchObject({ code: 'HOST_STATE' });
    const closing = host.close();
    expect(host.close()).toBe(closing);
    await closing;
    await host.close();
    expect(events).toEqual(['init a', 'cleanup a']);
    expect(host.health().plugins[0]?.state).toBe('stopped');
  });

  it('gives each cleanup its own budget and reports a failed one', async () => {
    const clock = createManualClock();
    const host = new PluginHost({ clock, cleanupTimeoutMs: 100 });
    const { make, events } = recorder();
    await host.register(make('base'));
    await host.register(make('hangs', ['base'], { cleanup: () => new Promise(() => {}) }));
    await host.start();
    const closing = host.close();
    await clock.advanceAsync(100);
    await closing;
    expect(events).toEqual(['init base', 'init hangs', 'cleanup base']);
    expect(host.health().plugins.find((p) => p.pluginId === 'hangs')?.lastError?.code).toBe(
      'PLUGIN_TIMEOUT',
    );
  });

  it('validates its options, naming the wrong one', () => {
    expect(() => new PluginHost({ initTimeoutMs: -1 })).toThrow(
      '`initTimeoutMs` must be a finite number ≥ 0, got -1',
    );
    expect(() => new PluginHost({ permissions: 'off' as never })).toThrow(/`permissions` must be/);
    expect(() => new PluginHost({ clock: {} as never })).toThrow(/`clock` must be a Clock/);
    expect(() => new PluginHost({ config: { a: 5 } as never })).toThrow(
      /`config.a` must be an object/,
    );
    expect(new PluginHost().id).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('plugin types', () => {
  it("registers and starts a plugin of each of the hive's eight types, and of any other string", async () => {
    const types: PluginType[] = [
      'workflow',
      'monitoring',
      'security',
      'integration',
      'productivity',
      'communication',
      'analytics',
      'automation',
      'data_processing',
      'custom',
      'in-house',
    ];
    const host = new PluginHost({ clock: createManualClock() });
    for (const type of types) await host.register(plugin(`p-${type.replace('_', '-')}`, { type }));
    const report = await host.start();
    expect(report.plugins.map((entry) => entry.state)).toEqual(types.map(() => 'ready'));
    await host.close();
  });
});
