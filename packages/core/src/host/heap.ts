import type { getHeapStatistics } from 'node:v8';
import { loadOnUse } from '../helpers/load-on-use.js';

let heapStatistics: typeof getHeapStatistics | undefined;

/** V8's used heap size in bytes; `node:v8` is loaded the first time a host measures memory. */
export function usedHeapBytes(): number {
  heapStatistics ??= (loadOnUse('node:v8') as typeof import('node:v8')).getHeapStatistics;
  return heapStatistics().used_heap_size;
}
