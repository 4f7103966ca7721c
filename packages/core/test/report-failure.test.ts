import { describe, expect, it } from 'vitest';
import {
  type PluginContext,
  PluginError,
  PluginHost,
  type PluginHostOptions,
} from '../src/index.js';
import { plugin } from './fixtures/plugins.js';

/** A plugin that keeps its context, so a test can report a failure through it. */
function reporter(name: string, cleanups: string[] = []) {
  let context: PluginContext | undefined;
  const definition = plugin(name, {
    initialize: (ctx) => {
      context = ctx;
    },
    cleanup: () => {
      cleanups.push(name);
    },
  });
  return {
    plugin: definition,
    report: (reason: Error) => {
      if (context?.reportFailure === undefined) throw new Error('no reportFailure in the context');
      context.reportFailure(reason);
    },
  };
}

async function started(plugins: ReturnType<typeof plugin>[], options: PluginHostOptions = {}) {
  const host = new PluginHost(options);
  for (const p of plugins) await host.register(p);
  await host.start();
  return host;
}

describe('PluginContext.reportFailure', () => {
  it('marks a ready plugin failed with its reason, refuses its tasks, and degrades the host', async () => {
    const broken = reporter('broken');
    const host = await started([broken.plugin, plugin('fine')]);
    expect((await host.execute({ type: 'broken.run', params: {} })).success).toBe(true);
    broken.report(
      new PluginError('the worker crashed 5 times in 60000 ms', { code: 'ISOLATE_FAILED' }),
    );
    const health = host.health();
    expect(health).toMatchObject({ status: 'degraded', ready: true, live: true });
    expect(health.plugins.find((p) => p.pluginId === 'broken')).toMatchObject({
      state: 'failed',
      lastError: { code: 'ISOLATE_FAILED', message: 'the worker crashed 5 times in 60000 ms' },
    });
    const refused = await host.execute({ type: 'broken.run', params: {}, id: 't1' });
    expect(refused.success).toBe(false);
    if (refused.success) return;
    expect(refused.error.code).toBe('PLUGIN_NOT_READY');
    expect(refused.error.message).toBe(
      'plugin "broken" is failed: the worker crashed 5 times in 60000 ms',
    );
    // The other plugin serves on.
    expect((await host.execute({ type: 'fine.run', params: {} })).success).toBe(true);
    await host.close();
  });

  it('wraps a reason that is not a PluginError, naming the plugin', async () => {
    const broken = reporter('wrapped');
    const host = await started([broken.plugin]);
    broken.report(new Error('connection gone'));
    const entry = host.health().plugins[0];
    expect(entry?.lastError).toEqual({
      code: 'PLUGIN_EXECUTION',
      message: 'plugin "wrapped" failed: connection gone',
    });
    await host.close();
  });

  it('still runs the cleanup of a plugin that failed after it was ready', async () => {
    const cleanups: string[] = [];
    const broken = reporter('cleaned', cleanups);
    const host = await started([broken.plugin]);
    broken.report(new Error('gone'));
    await host.close();
    expect(cleanups).toEqual(['cleaned']);
    // A plugin that failed keeps its state and error after close.
    expect(host.health().plugins[0]).toMatchObject({
      state: 'failed',
      lastError: { message: 'plugin "cleaned" failed: gone' },
    });
  });

  it('keeps the first failure: later reports are ignored', async () => {
    const broken = reporter('twice');
    const host = await started([broken.plugin]);
    broken.report(new Error('first'));
    broken.report(new Error('second'));
    expect(host.health().plugins[0]?.lastError?.message).toBe('plugin "twice" failed: first');
    await host.close();
  });

  it('is ignored during initialize and once the host closes', async () => {
    let context: PluginContext | undefined;
    const early = plugin('early', {
      initialize: (ctx) => {
        context = ctx;
        ctx.reportFailure?.(new Error('too early'));
      },
    });
    const host = await started([early]);
    expect(host.health()).toMatchObject({ status: 'ready' });
    expect(host.health().plugins[0]).toMatchObject({ state: 'ready' });
    const closing = host.close();
    context?.reportFailure?.(new Error('too late'));
    await closing;
    expect(host.health().plugins[0]).toMatchObject({ state: 'stopped' });
    expect(host.health().plugins[0]?.lastError).toBeUndefined();
  });
});
