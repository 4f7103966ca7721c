import { definePlugin, PluginHost } from '@leanvibe/core';
import { retry } from '@leanvibe/resilience';
import { instrumentTracing } from '@leanvibe/tracing';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';

const exporter = new InMemorySpanExporter();
const tracerProvider = new BasicTracerProvider({
  spanProcessors: [new SimpleSpanProcessor(exporter)],
});

const again = retry({ retries: 2, minDelayMs: 1, jitter: 'none' });
let calls = 0;
const host = new PluginHost({ id: 'readme' });
await host.register(
  definePlugin({
    name: 'thumbs',
    version: '1.0.0',
    type: 'workflow',
    taskTypes: ['render'],
    sdk: '^0.1.0',
    handle: () =>
      again.execute(() => {
        calls += 1;
        if (calls < 3) throw new Error('busy');
        return 'done';
      }),
  }),
);
await host.start();

const tracing = instrumentTracing(host, { tracerProvider });
await host.execute({ type: 'render', params: {} });
tracing.close();
await host.close();

const [span] = exporter.getFinishedSpans();
console.log(span?.name, span?.attributes['leanvibe.task.outcome']);
console.log(span?.events.map((event) => event.name).join(', '));
