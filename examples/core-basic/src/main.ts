import { definePlugin, PluginHost } from '@leanvibe/core';
import { z } from 'zod';

// A plugin that counts words; `task.params` is typed from its schema.
const counts = new Map<string, number>();
const counter = definePlugin({
  name: 'counter',
  version: '1.0.0',
  type: 'data_processing',
  taskTypes: ['count'],
  sdk: '^0.1.0',
  params: z.object({ word: z.string().min(1) }),
  limits: { maxExecutionTimeMs: 1_000, concurrency: 4 },
  handle(task) {
    const seen = (counts.get(task.params.word) ?? 0) + 1;
    counts.set(task.params.word, seen);
    return seen;
  },
});

// A plugin that depends on `counter`: it starts after it and calls it through the orchestrator.
const greeter = definePlugin({
  name: 'greeter',
  version: '1.0.0',
  type: 'workflow',
  taskTypes: ['greet'],
  sdk: '^0.1.0',
  dependencies: ['counter'],
  params: z.object({ name: z.string().min(1) }),
  async handle(task, { plugin }) {
    const count = await plugin.orchestrator.submitTask({
      type: 'count',
      params: { word: task.params.name },
    });
    if (!count.success) throw count.error;
    return `hello, ${task.params.name} (visit #${String(count.data)})`;
  },
});

const host = new PluginHost({ id: 'example-host' });
await host.register(greeter); // registration order does not matter: dependencies start first
await host.register(counter);
const report = await host.start();
console.log(report.toString());

for (const params of [{ name: 'Ada' }, { name: 'Ada' }, { name: '' }]) {
  const result = await host.execute<string>({ type: 'greet', params });
  console.log(
    result.success ? `ok: ${result.data}` : `failed: ${result.error.code} ${result.error.message}`,
  );
}
const unknown = await host.execute({ type: 'translate', params: {} });
console.log(unknown.success ? 'ok' : `failed: ${unknown.error.code}`);

console.log('health:', host.health().status);
await host.close();
console.log('after close:', host.health().status);
