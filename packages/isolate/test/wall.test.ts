import {
  isPluginExecutionError,
  isPluginMemoryError,
  isPluginTimeoutError,
  isThrownValueError,
} from '@leanvibe/core/contracts';
import { HandleTracker } from '@leanvibe/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { isIsolateError, isolatedPlugin } from '../src/index.js';
import { closeAll, contextFor, fixture, hostWith, taskOf, until, whileHostile } from './support.js';

// The host's loop kept turning while the hostile code ran: a plugin holding it would leave at
// most one turn of the probe's 20 ms timer. The delay in milliseconds against its 50 ms bound, and
// how soon after its budget a timeout lands, are measured by the benchmarks' isolate-wall suite.
const MIN_TURNS = 3;

describe('the wall', () => {
  const tracker = new HandleTracker().enable();
  afterEach(async () => {
    await closeAll();
    expect(await tracker.openHandles()).toEqual([]);
  });

  it('times out a handle that never yields while the host goes on, and replaces its worker', async () => {
    await tracker.run(async () => {
      const { host, plugin } = await hostWith('spin');
      const [before] = plugin.isolation.threadIds;
      const { value, turns, probes, probesOk } = await whileHostile(host, () =>
        host.execute({ type: 'spin', params: {} }),
      );
      expect(value.success).toBe(false);
      expect(!value.success && isPluginTimeoutError(value.error)).toBe(true);
      expect(!value.success && value.error.code).toBe('PLUGIN_TIMEOUT');
      expect(turns).toBeGreaterThanOrEqual(MIN_TURNS);
      expect(probes).toBeGreaterThan(1);
      expect(probesOk).toBe(true);
      await until(() => plugin.isolation.restarts === 1 && plugin.isolation.threadIds.length === 1);
      expect(plugin.isolation.threadIds).not.toContain(before);
      expect(await host.execute({ type: 'ok', params: {} })).toMatchObject({
        success: true,
        data: 'ok',
      });
      await host.close();
      expect(plugin.isolation.threadIds).toEqual([]);
    });
  });

  it('fails the other tasks of a terminated worker with a clear code; none hang', async () => {
    await tracker.run(async () => {
      const plugin = await isolatedPlugin(fixture('spin'), { abortGraceMs: 20 });
      try {
        await plugin.initialize(contextFor());
        const controller = new AbortController();
        const waiting = plugin.execute(taskOf('wait', new AbortController().signal, true));
        const spinning = plugin.execute(taskOf('spin', controller.signal, true));
        await until(() => true);
        controller.abort(new Error('stop'));
        const [spun, other] = await Promise.all([spinning, waiting]);
        expect(!spun.success && spun.error.code).toBe('PLUGIN_CANCELLED');
        expect(!other.success && isIsolateError(other.error) && other.error.code).toBe(
          'ISOLATE_WORKER_TERMINATED',
        );
      } finally {
        await plugin.cleanup();
      }
      expect(plugin.isolation.threadIds).toEqual([]);
    });
  });

  it('times out an initialize that never yields, and leaves no worker', async () => {
    await tracker.run(async () => {
      const { host, plugin } = await (async () => {
        const { PluginHost } = await import('@leanvibe/core');
        const { isolatedPlugin } = await import('../src/index.js');
        const { fixture, pingPlugin } = await import('./support.js');
        const h = new PluginHost({ initTimeoutMs: 400 });
        const p = await isolatedPlugin(fixture('spin-init'));
        await h.register(pingPlugin());
        await h.register(p);
        return { host: h, plugin: p };
      })();
      const { value, turns } = await whileHostile(host, () => host.start());
      const entry = value.plugins.find((p) => p.pluginId === 'spin-init');
      expect(entry?.state).toBe('failed');
      expect(entry?.error?.code).toBe('PLUGIN_TIMEOUT');
      expect(turns).toBeGreaterThanOrEqual(MIN_TURNS);
      expect(host.health().status).toBe('degraded');
      expect(await host.execute({ type: 'ping', params: 1 })).toMatchObject({ success: true });
      // The host gave up at its budget; terminating the stuck worker finishes a moment later.
      await vi.waitFor(() => expect(plugin.isolation.threadIds).toEqual([]), { timeout: 10_000 });
      await host.close();
    });
  });

  it('ends a task that allocates 1 GB against 64 MB with PLUGIN_MEMORY; the host heap is untouched', async () => {
    await tracker.run(async () => {
      const { host, plugin } = await hostWith('hog');
      const heapBefore = process.memoryUsage().heapUsed;
      const { value, probes, probesOk } = await whileHostile(host, () =>
        host.execute({ type: 'hog', params: {} }),
      );
      expect(!value.success && isPluginMemoryError(value.error)).toBe(true);
      expect(!value.success && value.error.code).toBe('PLUGIN_MEMORY');
      expect(!value.success && value.error).toMatchObject({ limitMb: 64, pluginId: 'hog' });
      expect(probes).toBeGreaterThan(0);
      expect(probesOk).toBe(true);
      // Generous: the test process's own heap grew by far less than the worker's 1 GB.
      expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(64 * 1024 * 1024);
      await until(() => plugin.isolation.threadIds.length === 1);
      expect(await host.execute({ type: 'small', params: {} })).toMatchObject({ success: true });
      await host.close();
      expect(plugin.isolation.threadIds).toEqual([]);
    });
  });

  it('reports process.exit() in a plugin as ISOLATE_WORKER_EXITED and restarts the worker', async () => {
    await tracker.run(async () => {
      const { host, plugin } = await hostWith('exit', { restartDelayMs: 10 });
      const { value, probes, probesOk } = await whileHostile(host, () =>
        host.execute({ type: 'exit', params: {} }),
      );
      expect(!value.success && value.error.code).toBe('ISOLATE_WORKER_EXITED');
      expect(!value.success && value.error.details).toEqual({ exitCode: 3 });
      expect(probes).toBeGreaterThan(0);
      expect(probesOk).toBe(true);
      expect(process.exitCode ?? 0).toBe(0);
      await until(() => plugin.isolation.threadIds.length === 1);
      expect(plugin.isolation.restarts).toBe(1);
      expect(await host.execute({ type: 'ok', params: {} })).toMatchObject({ success: true });
      await host.close();
      expect(plugin.isolation.threadIds).toEqual([]);
    });
  });

  it('turns a thrown non-Error into PLUGIN_EXECUTION whose cause says what was thrown', async () => {
    await tracker.run(async () => {
      const { host, plugin } = await hostWith('throw-value');
      const { value, probes, probesOk } = await whileHostile(host, () =>
        host.execute({ type: 'throw', params: {} }),
      );
      expect(!value.success && isPluginExecutionError(value.error)).toBe(true);
      const cause = !value.success ? value.error.cause : undefined;
      expect(isThrownValueError(cause)).toBe(true);
      expect((cause as Error).message).toContain('a bare string');
      expect(probes).toBeGreaterThan(0);
      expect(probesOk).toBe(true);
      await host.close();
      expect(plugin.isolation.threadIds).toEqual([]);
    });
  });

  it('times out a plugin that ignores its signal and keeps posting progress; its progress stops', async () => {
    await tracker.run(async () => {
      const { host, plugin } = await hostWith('chatty');
      let progressAfterEnd = 0;
      let ended = false;
      const unsubscribe = host.onTaskStatus((event) => {
        if (ended && event.pluginId === 'chatty') progressAfterEnd++;
      });
      const { value, turns, probesOk } = await whileHostile(host, async () => {
        const result = await host.execute({ type: 'chat', params: {} });
        ended = true;
        return result;
      });
      expect(!value.success && value.error.code).toBe('PLUGIN_TIMEOUT');
      expect(turns).toBeGreaterThanOrEqual(MIN_TURNS);
      expect(probesOk).toBe(true);
      await until(() => plugin.isolation.restarts === 1 && plugin.isolation.threadIds.length === 1);
      expect(progressAfterEnd).toBe(0);
      unsubscribe();
      await host.close();
      expect(plugin.isolation.threadIds).toEqual([]);
    });
  });
});
