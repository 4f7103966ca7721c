import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  DIAGNOSTICS_CHANNELS,
  PluginHost,
  type PluginLifecycleMessage,
  type Task,
} from '../src/index.js';
import { plugin } from './fixtures/plugins.js';

const PARENT = { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' };
const SPAN = { traceparent: '00-0af7651916cd43dd8448eb211c80319c-00f067aa0ba902b7-01' };

async function hostSeeing(seen: Task['traceContext'][], id: string) {
  const host = new PluginHost({ id });
  await host.register(
    plugin('traced', {
      handle: (task) => {
        seen.push(task.traceContext);
        return 'ok';
      },
    }),
  );
  await host.start();
  return host;
}

describe('task.traceContext', () => {
  it('is the request’s carrier when nobody subscribes, and undefined without one', async () => {
    const seen: Task['traceContext'][] = [];
    const host = await hostSeeing(seen, 'trace-a');
    await host.execute({ type: 'traced.run', params: {}, traceContext: PARENT });
    await host.execute({ type: 'traced.run', params: {} });
    expect(seen).toEqual([PARENT, undefined]);
    await host.close();
  });

  it('reaches a plugin whose params schema rebuilt the task', async () => {
    const seen: Task['traceContext'][] = [];
    const host = new PluginHost({ id: 'trace-c' });
    await host.register(
      plugin('typed', {
        params: z.object({ n: z.number() }),
        handle: (task) => {
          seen.push(task.traceContext);
          return 'ok';
        },
      }),
    );
    await host.start();
    await host.execute({ type: 'typed.run', params: { n: 1 }, traceContext: PARENT });
    expect(seen).toEqual([PARENT]);
    await host.close();
  });

  it('is published on execute start, and a subscriber that sets it hands the plugin its carrier', async () => {
    const seen: Task['traceContext'][] = [];
    const host = await hostSeeing(seen, 'trace-b');
    const published: (Record<string, string> | undefined)[] = [];
    const listener = (message: unknown): void => {
      const m = message as PluginLifecycleMessage;
      if (m.hostId !== 'trace-b' || m.phase !== 'start') return;
      published.push(m.traceContext);
      m.traceContext = SPAN;
    };
    subscribe(DIAGNOSTICS_CHANNELS.execute, listener);
    try {
      await host.execute({ type: 'traced.run', params: {}, traceContext: PARENT });
      await host.execute({ type: 'traced.run', params: {} });
    } finally {
      unsubscribe(DIAGNOSTICS_CHANNELS.execute, listener);
    }
    expect(published).toEqual([PARENT, undefined]);
    expect(seen).toEqual([SPAN, SPAN]);
    await host.close();
  });
});
