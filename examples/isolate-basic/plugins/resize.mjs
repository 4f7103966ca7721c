// The README's plugin: it runs in a worker thread, never on the host's event loop.
import { threadId } from 'node:worker_threads';
import { definePlugin } from '@leanvibe/core';

export default definePlugin({
  name: 'resize',
  version: '1.0.0',
  type: 'workflow',
  taskTypes: ['resize'],
  sdk: '^0.1.0',
  handle: (task) => ({
    width: task.params.width,
    height: Math.round((task.params.width * 3) / 4),
    onMainThread: threadId === 0,
  }),
});
