// @leanvibe/tracing: a host's per-task cost with the package loaded but nothing subscribed (vs
// a host that never saw tracing: ratio ~1), and subscribed (vs the same task with a span made
// by hand with the same tracer: the difference is what tracing adds per task).
import { definePlugin, PluginHost } from '@leanvibe/core';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { compare, record, results } from '../harness.js';

export const title = '@leanvibe/tracing: per-task cost of the host, unsubscribed and subscribed';

async function startHost(id) {
  const host = new PluginHost({ id });
  await host.register(
    definePlugin({
      name: `echo-${id}`,
      version: '1.0.0',
      type: 'workflow',
      taskTypes: [`echo-${id}`],
      sdk: '^0.1.0',
      handle: async (task) => task.params,
    }),
  );
  await host.start();
  return host;
}

export async function run() {
  const plain = await startHost('plain');
  const loaded = await startHost('loaded');
  const { instrumentTracing } = await import('@leanvibe/tracing');
  // Loaded, subscribed once, closed: what an app that stopped tracing pays.
  instrumentTracing(loaded, { tracerProvider: new BasicTracerProvider() }).close();
  const request = (type) => ({ type, params: { n: 1 } });
  // Warm both hosts alike, so neither row pays for the JIT of the other.
  for (let i = 0; i < 20_000; i++) {
    await plain.execute(request('echo-plain'));
    await loaded.execute(request('echo-loaded'));
  }
  await compare(
    'host.execute, tracing loaded, nothing subscribed',
    { name: 'loaded', fn: () => loaded.execute(request('echo-loaded')) },
    [{ name: 'never loaded', fn: () => plain.execute(request('echo-plain')) }],
  );

  const provider = new BasicTracerProvider();
  const tracer = provider.getTracer('by-hand');
  const traced = await startHost('traced');
  const tracing = instrumentTracing(traced, { tracerProvider: provider });
  const byHand = async () => {
    const span = tracer.startSpan('echo-plain', {
      attributes: {
        'leanvibe.plugin.id': 'echo-plain',
        'leanvibe.task.type': 'echo-plain',
        'leanvibe.task.id': 'x',
      },
    });
    const result = await plain.execute(request('echo-plain'));
    span.setAttribute('leanvibe.task.outcome', result.success ? 'success' : 'failure');
    span.end();
    return result;
  };
  await compare(
    'host.execute, subscribed (one span per task)',
    { name: 'instrumentTracing', fn: () => traced.execute(request('echo-traced')) },
    [{ name: 'span by hand', fn: byHand }],
  );
  const last = results().at(-1);
  record({
    row: 'tracing cost over a span by hand, per task',
    ours: Math.max(0, last.ours - last.peerNs),
    note: `${((last.ours - last.peerNs) / 1000).toFixed(2)} µs per task; budget 3 µs`,
  });
  tracing.close();
  await Promise.all([plain.close(), loaded.close(), traced.close()]);
}
