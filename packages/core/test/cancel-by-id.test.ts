import { describe, expect, it } from 'vitest';
import { PluginHost } from '../src/index.js';
import { deferred, plugin } from './fixtures/plugins.js';

describe('PluginHost.cancel', () => {
  it('cancels a running task by id: its signal aborts and its result names the reason', async () => {
    const started = deferred();
    let seen: unknown;
    const host = new PluginHost();
    await host.register(
      plugin('slow', {
        handle: (task) =>
          new Promise((_, reject) => {
            started.resolve();
            task.signal.addEventListener('abort', () => {
              seen = task.signal.reason;
              reject(task.signal.reason);
            });
          }),
      }),
    );
    await host.start();
    const running = host.execute({ type: 'slow.run', params: {}, id: 'job-1' });
    await started.promise;
    expect(host.cancel('job-1', 'stop now')).toBe(true);
    const result = await running;
    expect(seen).toBe('stop now');
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(result.error.code).toBe('PLUGIN_CANCELLED');
    expect(result.error.cause).toBe('stop now');
    // Settled: there is nothing left to cancel.
    expect(host.cancel('job-1')).toBe(false);
    await host.close();
  });

  it('drops a waiting task by id and leaves the others alone', async () => {
    const gate = deferred();
    const ran: string[] = [];
    const host = new PluginHost();
    await host.register(
      plugin('one', {
        limits: { concurrency: 1 },
        handle: async (task) => {
          ran.push(task.id);
          await gate.promise;
          return task.id;
        },
      }),
    );
    await host.start();
    const first = host.execute({ type: 'one.run', params: {}, id: 'a' });
    const second = host.execute({ type: 'one.run', params: {}, id: 'b' });
    const third = host.execute({ type: 'one.run', params: {}, id: 'c' });
    expect(host.health().plugins[0]).toMatchObject({ active: 1, queued: 2 });
    expect(host.cancel('b', 'not needed')).toBe(true);
    const dropped = await second;
    expect(dropped).toMatchObject({ success: false, error: { code: 'PLUGIN_CANCELLED' } });
    gate.resolve();
    expect(await first).toMatchObject({ success: true, data: 'a' });
    expect(await third).toMatchObject({ success: true, data: 'c' });
    expect(ran).toEqual(['a', 'c']);
    await host.close();
  });

  it('answers false for an unknown id, and refuses an id that is not a string', async () => {
    const host = new PluginHost();
    await host.register(plugin('idle'));
    await host.start();
    expect(host.cancel('nobody')).toBe(false);
    expect(() => host.cancel(42 as never)).toThrow(/taskId/);
    await host.close();
  });
});
