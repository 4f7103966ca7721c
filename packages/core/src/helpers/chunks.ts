import {
  abortReason,
  checkBoolean,
  checkFunction,
  checkInteger,
  checkOptionsObject,
  checkSignal,
  invalidArgument,
  neverAbortedSignal,
} from '../contracts/index.js';

/** Progress of {@link processInChunks}, reported after each chunk. */
export interface ChunkProgress {
  /** Items processed so far. */
  readonly processed: number;
  /** All items, when the input knows its size (an array, a Set, a Map); else `undefined`. */
  readonly total: number | undefined;
}

/** What the per-chunk function gets besides the chunk. */
export interface ChunkContext {
  /** 0-based index of this chunk. */
  readonly index: number;
  /** Items processed before this chunk. */
  readonly processed: number;
  /** The caller's signal (a never-aborting one when none was given). */
  readonly signal: AbortSignal;
}

/** Options of {@link processInChunks}. */
export interface ChunkOptions {
  /** Items per chunk. @default 1000 */
  readonly chunkSize?: number;
  /** Stops before the next chunk when aborted; the call rejects with the abort reason. */
  readonly signal?: AbortSignal;
  /** Called after each chunk. */
  readonly onProgress?: (progress: ChunkProgress) => void;
  /** Keep every chunk's result and return them; otherwise only one chunk is held at a time. @default false */
  readonly collect?: boolean;
  /** Let other work run (`setImmediate`) between chunks. @default true */
  readonly yieldBetweenChunks?: boolean;
}

/** What {@link processInChunks} returns. */
export interface ChunkSummary<R> {
  readonly processed: number;
  readonly chunks: number;
  /** Each chunk's result, in order; only with `collect: true`. */
  readonly results?: R[];
}

function sizeOf(items: unknown): number | undefined {
  if (Array.isArray(items)) return items.length;
  if (items instanceof Set || items instanceof Map) return items.size;
  const length = (items as { length?: unknown }).length;
  return typeof length === 'number' && typeof items !== 'function' ? length : undefined;
}

/**
 * Processes a large `Iterable` or `AsyncIterable` a chunk at a time, as the guide's chunked
 * processing: it holds one chunk (and its result) at a time unless asked to `collect`, yields to
 * the event loop between chunks, reports progress, and stops on abort.
 *
 * @example
 * ```ts
 * const { processed } = await processInChunks(rows, { chunkSize: 500, onProgress }, async (chunk) => {
 *   await db.insertMany(chunk);
 * });
 * ```
 */
export async function processInChunks<T, R>(
  items: Iterable<T> | AsyncIterable<T>,
  options: ChunkOptions & { readonly collect: true },
  fn: (chunk: T[], context: ChunkContext) => R | Promise<R>,
): Promise<ChunkSummary<R> & { readonly results: R[] }>;
export async function processInChunks<T, R>(
  items: Iterable<T> | AsyncIterable<T>,
  options: ChunkOptions,
  fn: (chunk: T[], context: ChunkContext) => R | Promise<R>,
): Promise<ChunkSummary<R>>;
export async function processInChunks<T, R>(
  items: Iterable<T> | AsyncIterable<T>,
  options: ChunkOptions,
  fn: (chunk: T[], context: ChunkContext) => R | Promise<R>,
): Promise<ChunkSummary<R>> {
  const isAsync = typeof (items as AsyncIterable<T>)?.[Symbol.asyncIterator] === 'function';
  if (!isAsync && typeof (items as Iterable<T>)?.[Symbol.iterator] !== 'function') {
    throw invalidArgument('items', 'an Iterable or AsyncIterable', items);
  }
  checkOptionsObject('options', options);
  checkFunction('fn', fn);
  const chunkSize = checkInteger('chunkSize', options.chunkSize ?? 1000, { min: 1 });
  const signal = checkSignal('signal', options.signal) ?? neverAbortedSignal();
  const onProgress = options.onProgress;
  if (onProgress !== undefined) checkFunction('onProgress', onProgress);
  const collect = checkBoolean('collect', options.collect ?? false);
  const yieldBetween = checkBoolean('yieldBetweenChunks', options.yieldBetweenChunks ?? true);
  const total = sizeOf(items);
  const results: R[] | undefined = collect ? [] : undefined;
  let processed = 0;
  let index = 0;

  const run = async (chunk: T[]): Promise<void> => {
    if (signal.aborted) throw abortReason(signal);
    const result = await fn(chunk, { index, processed, signal });
    results?.push(result);
    processed += chunk.length;
    index++;
    onProgress?.({ processed, total });
    if (yieldBetween) await new Promise<void>((resume) => setImmediate(resume));
  };

  if (signal.aborted) throw abortReason(signal);
  let chunk: T[] = [];
  if (isAsync) {
    for await (const item of items as AsyncIterable<T>) {
      chunk.push(item);
      if (chunk.length === chunkSize) {
        await run(chunk);
        chunk = [];
      }
    }
  } else {
    for (const item of items as Iterable<T>) {
      chunk.push(item);
      if (chunk.length === chunkSize) {
        await run(chunk);
        chunk = [];
      }
    }
  }
  if (chunk.length > 0) await run(chunk);
  return results === undefined
    ? { processed, chunks: index }
    : { processed, chunks: index, results };
}
