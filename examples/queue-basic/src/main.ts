import { definePlugin, PluginHost } from '@leanvibe/core';
import { isPluginValidationError } from '@leanvibe/core/contracts';
import { createTaskQueue, serveQueue } from '@leanvibe/queue';
import { z } from 'zod';

const connection = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

// A worker process: an ordinary host with its plugins, serving the queue.
const resize = definePlugin({
  name: 'images',
  version: '1.0.0',
  type: 'data_processing',
  taskTypes: ['resize'],
  sdk: '^0.1.0',
  params: z.object({ file: z.string().min(1), width: z.number().int().positive() }),
  handle(task) {
    task.updateStatus('running', { progress: 0.5 });
    return `${task.params.file}@${task.params.width}w`;
  },
});
const host = new PluginHost({ id: 'worker-1' });
await host.register(resize);
await host.start();
const queue = await createTaskQueue({ connection, name: 'images', attempts: 3 });
const worker = await serveQueue(host, queue, { concurrency: 4 });

// A producer anywhere else: submit, then await the same TaskResult the host returns.
const first = await queue.submit(
  { type: 'resize', params: { file: 'cat.png', width: 320 } },
  { priority: 'high', idempotencyKey: 'resize-cat-320' },
);
const again = await queue.submit(
  { type: 'resize', params: { file: 'cat.png', width: 320 } },
  { idempotencyKey: 'resize-cat-320' },
);
const result = await first.result();
console.log(`resized: ${result.success ? result.data : result.error.code}`);
console.log(`resubmit is the same job: ${again.id === first.id}`);

// Validation failures are final at once: no retry, and the error keeps its class and code.
const bad = await (await queue.submit({ type: 'resize', params: { file: '', width: 0 } })).result();
if (!bad.success) {
  const status = await queue.handle(bad.taskId).status();
  console.log(
    `invalid: ${bad.error.code}, validation error: ${isPluginValidationError(bad.error)}, attempts: ${status.attemptsMade}`,
  );
}

await worker.close();
await queue.close();
await host.close();
