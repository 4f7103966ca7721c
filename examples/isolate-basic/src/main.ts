import { PluginHost } from '@leanvibe/core';
import { isolatedPlugin } from '@leanvibe/isolate';

const host = new PluginHost();
// The module is loaded in two worker threads, each with a 128 MB heap.
await host.register(
  await isolatedPlugin('./plugins/resize.mjs', { workers: 2, memoryLimitMb: 128 }),
);
await host.start();
const result = await host.execute({ type: 'resize', params: { width: 64 } });
console.log(result.success ? result.data : result.error.code);
await host.close(); // cleanup runs in each worker, then the workers are terminated
