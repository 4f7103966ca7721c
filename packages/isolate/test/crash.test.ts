import { HandleTracker } from '@leanvibe/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { CrashWindow } from '../src/crash-window.js';
import { isIsolateError } from '../src/index.js';
import { closeAll, hostWith, until, whileHostile } from './support.js';

describe('crashes', () => {
  const tracker = new HandleTracker().enable();
  afterEach(async () => {
    await closeAll();
    const open = (await tracker.openHandles()).filter((h) => h.type !== 'ELDHISTOGRAM');
    expect(open).toEqual([]);
  });

  it('restarts a crashed worker, then refuses tasks with ISOLATE_PLUGIN_FAILED after too many', async () => {
    await tracker.run(async () => {
      const { host, plugin } = await hostWith('crash', { maxCrashes: 3, restartDelayMs: 5 });
      const { value, delayP99Ms, probesOk } = await whileHostile(host, async () => {
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
      expect(delayP99Ms).toBeLessThan(50);
      expect(probesOk).toBe(true);
      expect(plugin.isolation.state).toBe('failed');
      expect(plugin.isolation.lastError?.code).toBe('ISOLATE_WORKER_CRASHED');
      expect(plugin.isolation.restarts).toBe(2);
      const refused = await host.execute({ type: 'ok', params: {} });
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
