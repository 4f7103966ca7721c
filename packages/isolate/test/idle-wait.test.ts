import { setTimeout as sleep } from 'node:timers/promises';
import { MessageChannel } from 'node:worker_threads';
import { HandleTracker } from '@leanvibe/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { IdleWait } from '../src/idle-wait.js';
import { WakeCounter } from '../src/wake.js';
import { closeAll, hostWith } from './support.js';

/** An idle wait on one end of a channel, as the worker has it, and the host's counter. */
function waitOn(waitMs: number, chainMs?: number) {
  const { port1, port2 } = new MessageChannel();
  const wake = new WakeCounter();
  const delivered: unknown[] = [];
  const wait = new IdleWait(wake.buffer, port2, waitMs, (m) => delivered.push(m), chainMs);
  const post = (message: unknown): void => {
    port1.postMessage(message);
    wake.ring();
  };
  const close = (): void => {
    port1.close();
    port2.close();
  };
  return { wait, post, delivered, close };
}

describe('IdleWait', () => {
  it('takes what the host posted straight off the port, within a chain', () => {
    const { wait, post, delivered, close } = waitOn(50);
    wait.turned();
    post({ t: 'task', id: 1 });
    post({ t: 'task', id: 2 });
    wait.idle();
    expect(delivered).toEqual([
      { t: 'task', id: 1 },
      { t: 'task', id: 2 },
    ]);
    // Nothing posted: the wait runs out and delivers nothing.
    wait.idle();
    expect(delivered).toHaveLength(2);
    close();
  });

  it('leaves messages to the event loop when off, and once its chain is over', async () => {
    const off = waitOn(0);
    off.wait.turned();
    off.post('first');
    off.wait.idle();
    expect(off.delivered).toEqual([]);
    off.close();
    const chained = waitOn(50, 1);
    chained.wait.turned();
    await sleep(5);
    chained.post('late');
    chained.wait.idle();
    expect(chained.delivered).toEqual([]);
    // A message through the event loop starts a new chain.
    chained.wait.turned();
    chained.wait.idle();
    expect(chained.delivered).toEqual(['late']);
    chained.close();
  });
});

describe('the quick hand-over in a worker', () => {
  const tracker = new HandleTracker().enable();
  afterEach(async () => {
    await closeAll();
    expect(await tracker.openHandles()).toEqual([]);
  });

  it('lets the plugin’s timers run while tasks come back to back', async () => {
    await tracker.run(async () => {
      const { host } = await hostWith('ticker', { idleWaitMs: 100 });
      const ticks = async (): Promise<number> => {
        const result = await host.execute({ type: 'ticks', params: {} });
        expect(result.success).toBe(true);
        return result.success ? (result.data as number) : Number.NaN;
      };
      // Each task is sent as soon as the last one is back, and reports the interval's ticks: a
      // worker that never let its event loop turn between them would count none, and this
      // would not end.
      const first = await ticks();
      let now = first;
      while (now < first + 3) now = await ticks();
      expect(now).toBeGreaterThanOrEqual(first + 3);
      await host.close();
    });
  });
});
