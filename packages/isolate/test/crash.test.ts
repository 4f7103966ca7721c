import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HandleTracker } from '@leanvibe/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { CrashWindow } from '../src/crash-window.js';
import { isIsolateError } from '../src/index.js';
import { closeAll, hostWith, taskOf, until, whileHostile } from './support.js';

describe('crashes', () => {
  const tracker = new HandleTracker().enable();
  afterEach(async () => {
    await closeAll();
    expect(await tracker.openHandles()).toEqual([]);
  });

  it('restarts a crashed worker, then refuses tasks with ISOLATE_PLUGIN_FAILED after too many', async () => {
    await tracker.run(async () => {
      const { host, plugin } = await hostWith('crash', { maxCrashes: 3, restartDelayMs: 5 });
      const { value, probes, probesOk } = await whileHostile(host, async () => {
        const codes: string[] = [];
        for (let i = 0; i < 3; i++) {
          await until(
            () => plugin.isolation.threadIds.length === 1 || plugin.isolation.state !== 'ready',
          );
          const result = await host.execute({ type: 'crash', params: {} });
          codes.push(result.success ? 'ok' : result.error.code);
        }
        return codes;
      });
      expect(value).toEqual([
        'ISOLATE_WORKER_CRASHED',
        'ISOLATE_WORKER_CRASHED',
        'ISOLATE_WORKER_CRASHED',
      ]);
      expect(probes).toBeGreaterThan(0);
      expect(probesOk).toBe(true);
      expect(plugin.isolation.state).toBe('failed');
      expect(plugin.isolation.lastError?.code).toBe('ISOLATE_WORKER_CRASHED');
      expect(plugin.isolation.restarts).toBe(2);
      // The host refuses it (see below); the plugin itself refuses with its own code.
      const refused = await plugin.execute(taskOf('ok', new AbortController().signal));
      expect(!refused.success && isIsolateError(refused.error) && refused.error.code).toBe(
        'ISOLATE_PLUGIN_FAILED',
      );
      expect(!refused.success && refused.error.message).toContain('uncaught in the worker');
      await until(() => plugin.isolation.threadIds.length === 0);
      await host.close();
    });
  });

  it('keeps serving on the restarted worker after one crash', async () => {
    await tracker.run(async () => {
      const { host, plugin } = await hostWith('crash', { restartDelayMs: 5 });
      const crashed = await host.execute({ type: 'crash', params: {} });
      expect(!crashed.success && crashed.error.code).toBe('ISOLATE_WORKER_CRASHED');
      // Sent while the worker is down: it waits for the restarted one.
      const next = await host.execute({ type: 'ok', params: {} });
      expect(next).toMatchObject({ success: true, data: 'ok' });
      expect(plugin.isolation.restarts).toBe(1);
      await host.close();
    });
  });
});

describe('a plugin that crashes too often, on a host', () => {
  const tracker = new HandleTracker().enable();
  afterEach(async () => {
    await closeAll();
    expect(await tracker.openHandles()).toEqual([]);
  });

  it('is marked failed in host.health() with the isolate’s error; its tasks get PLUGIN_NOT_READY, others run', async () => {
    await tracker.run(async () => {
      const { host, plugin } = await hostWith('exit', { maxCrashes: 2, restartDelayMs: 5 });
      for (let i = 0; i < 2; i++) {
        await until(
          () => plugin.isolation.threadIds.length === 1 || plugin.isolation.state !== 'ready',
        );
        const exited = await host.execute({ type: 'exit', params: {} });
        expect(!exited.success && exited.error.code).toBe('ISOLATE_WORKER_EXITED');
      }
      expect(plugin.isolation.state).toBe('failed');
      const health = host.health();
      expect(health.status).toBe('degraded');
      const message =
        'its worker crashed 2 times within 60000 ms (last: the worker of plugin "exit" exited with code 3)';
      expect(health.plugins.find((p) => p.pluginId === 'exit')).toMatchObject({
        state: 'failed',
        lastError: { code: 'ISOLATE_PLUGIN_FAILED', message },
      });
      const refused = await host.execute({ type: 'ok', params: {} });
      expect(!refused.success && refused.error.code).toBe('PLUGIN_NOT_READY');
      expect(!refused.success && refused.error.message).toBe(`plugin "exit" is failed: ${message}`);
      // Outside the host's refusal the plugin says the same, with its own code.
      const direct = await plugin.execute(taskOf('ok', new AbortController().signal));
      expect(!direct.success && direct.error).toMatchObject({
        code: 'ISOLATE_PLUGIN_FAILED',
        message: `plugin "exit" is failed: ${message}`,
      });
      expect(await host.execute({ type: 'ping', params: 1 })).toMatchObject({ success: true });
      await host.close();
      expect(plugin.isolation.threadIds).toEqual([]);
      expect(plugin.isolation.state).toBe('closed');
    });
  });

  it('counts restarts whose module throws at its top level, until the plugin is failed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'isolate-load-once-'));
    process.env.LOAD_ONCE_MARKER = join(dir, 'loaded');
    try {
      await tracker.run(async () => {
        const { host, plugin } = await hostWith('load-once', { maxCrashes: 3, restartDelayMs: 5 });
        const exited = await host.execute({ type: 'exit', params: {} });
        expect(!exited.success && exited.error.code).toBe('ISOLATE_WORKER_EXITED');
        // Two restarts fail to load: the third crash in the window.
        await until(() => host.health().plugins.some((p) => p.state === 'failed'));
        const entry = host.health().plugins.find((p) => p.pluginId === 'load-once');
        expect(entry?.lastError?.code).toBe('ISOLATE_PLUGIN_FAILED');
        expect(entry?.lastError?.message).toContain('the module refuses to load twice');
        expect(plugin.isolation).toMatchObject({
          state: 'failed',
          restarts: 2,
          lastError: { code: 'ISOLATE_LOAD_FAILED' },
        });
        const refused = await host.execute({ type: 'ok', params: {} });
        expect(!refused.success && refused.error.code).toBe('PLUGIN_NOT_READY');
        expect(await host.execute({ type: 'ping', params: 2 })).toMatchObject({ success: true });
        await host.close();
        expect(plugin.isolation.threadIds).toEqual([]);
      });
    } finally {
      delete process.env.LOAD_ONCE_MARKER;
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('CrashWindow', () => {
  it('counts crashes within its window only, and doubles its delay up to the cap', () => {
    const window = new CrashWindow(3, 1_000, 100, 300);
    expect(window.record(0)).toBe(false);
    expect(window.delayMs()).toBe(100);
    expect(window.record(10)).toBe(false);
    expect(window.delayMs()).toBe(200);
    expect(window.record(2_000)).toBe(false);
    expect(window.count).toBe(1);
    expect(window.record(2_001)).toBe(false);
    expect(window.record(2_002)).toBe(true);
    expect(window.delayMs()).toBe(300);
  });
});
