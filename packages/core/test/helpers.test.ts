import { describe, expect, it, vi } from 'vitest';
import { lazy, processInChunks, taskGroup } from '../src/index.js';
import { deferred } from './fixtures/plugins.js';

describe('lazy', () => {
  it('creates once under 100 concurrent first calls', async () => {
    const gate = deferred();
    const factory = vi.fn(async () => {
      await gate.promise;
      return { id: Math.random() };
    });
    const value = lazy(factory);
    expect(value.isCreated).toBe(false);
    const all = Promise.all(Array.from({ length: 100 }, () => value.get()));
    gate.resolve();
    const results = await all;
    expect(factory).toHaveBeenCalledTimes(1);
    expect(new Set(results).size).toBe(1);
    expect(value.isCreated).toBe(true);
    expect(value.peek()).toBe(results[0]);
  });

  it('retries after a failed creation', async () => {
    let calls = 0;
    const value = lazy(() => {
      calls++;
      if (calls === 1) throw new Error('flaky');
      return 'ok';
    });
    await expect(value.get()).rejects.toThrow('flaky');
    expect(value.isCreated).toBe(false);
    await expect(value.get()).resolves.toBe('ok');
    expect(calls).toBe(2);
  });

  it('disposes the value, by option or by its own dispose, and creates afresh after', async () => {
    const disposed: string[] = [];
    let n = 0;
    const withOption = lazy(() => `v${++n}`, { dispose: (v) => void disposed.push(v) });
    await withOption.get();
    await withOption.dispose();
    expect(await withOption.get()).toBe('v2');
    await withOption[Symbol.asyncDispose]();
    expect(disposed).toEqual(['v1', 'v2']);

    const own = lazy(() => ({ [Symbol.asyncDispose]: async () => void disposed.push('own') }));
    const sync = lazy(() => ({ [Symbol.dispose]: () => void disposed.push('sync') }));
    await own.get();
    await sync.get();
    await own.dispose();
    await sync.dispose();
    await lazy(() => 1).dispose();
    const failing = lazy(() => Promise.reject(new Error('x')));
    const attempt = failing.get().catch(() => 'failed');
    await failing.dispose();
    expect(await attempt).toBe('failed');
    expect(disposed).toEqual(['v1', 'v2', 'own', 'sync']);
  });

  it('validates its arguments', () => {
    expect(() => lazy(5 as never)).toThrow('`factory` must be a function');
  });
});

describe('processInChunks', () => {
  it('processes an array chunk by chunk with progress', async () => {
    const progress: unknown[] = [];
    const seen: number[][] = [];
    const summary = await processInChunks(
      [1, 2, 3, 4, 5],
      { chunkSize: 2, onProgress: (p) => progress.push(p) },
      (chunk, ctx) => {
        seen.push([...chunk, ctx.index]);
      },
    );
    expect(seen).toEqual([
      [1, 2, 0],
      [3, 4, 1],
      [5, 2],
    ]);
    expect(progress).toEqual([
      { processed: 2, total: 5 },
      { processed: 4, total: 5 },
      { processed: 5, total: 5 },
    ]);
    expect(summary).toEqual({ processed: 5, chunks: 3 });
  });

  it('reads an async iterable, and collects results only when asked', async () => {
    async function* numbers() {
      for (let i = 0; i < 7; i++) yield i;
    }
    const summary = await processInChunks(
      numbers(),
      { chunkSize: 3, collect: true, yieldBetweenChunks: false },
      async (chunk) => chunk.reduce((a, b) => a + b, 0),
    );
    expect(summary).toEqual({ processed: 7, chunks: 3, results: [3, 12, 6] });
  });

  it('stops on abort before the next chunk, with the abort reason', async () => {
    const controller = new AbortController();
    const seen: number[] = [];
    const run = processInChunks(
      new Set([1, 2, 3, 4]),
      { chunkSize: 1, signal: controller.signal },
      (chunk) => {
        seen.push(...chunk);
        if (chunk[0] === 2) controller.abort(new Error('enough'));
      },
    );
    await expect(run).rejects.toThrow('enough');
    expect(seen).toEqual([1, 2]);
    await expect(processInChunks([1], { signal: controller.signal }, () => {})).rejects.toThrow(
      'enough',
    );
  });

  it('yields to the event loop between chunks', async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 0);
    try {
      const starts: number[] = [];
      await processInChunks(Array.from({ length: 4 }), { chunkSize: 1 }, async () => {
        starts.push(ticks);
        await new Promise((resolve) => setTimeout(resolve, 1));
      });
      expect(starts[3]).toBeGreaterThan(starts[0] as number);
    } finally {
      clearInterval(timer);
    }
  });

  it('validates its arguments', async () => {
    await expect(processInChunks(5 as never, {}, () => {})).rejects.toThrow(
      '`items` must be an Iterable',
    );
    await expect(processInChunks([], { chunkSize: 0 }, () => {})).rejects.toThrow(
      '`chunkSize` must be an integer ≥ 1, got 0',
    );
  });
});

describe('taskGroup', () => {
  it('waits for every task and returns each one its own result', async () => {
    const group = taskGroup();
    const a = group.spawn(async () => 'a');
    const b = group.spawn(() => 'b');
    await group.wait();
    expect(await Promise.all([a, b])).toEqual(['a', 'b']);
  });

  it('aborts the others on the first failure and rethrows it only after all settled', async () => {
    const group = taskGroup();
    const settled: string[] = [];
    const slow = deferred();
    group.spawn(async (signal) => {
      await new Promise((resolve) => signal.addEventListener('abort', resolve));
      await slow.promise;
      settled.push('slow');
      throw signal.reason;
    });
    group.spawn(async () => {
      throw new Error('first');
    });
    group.spawn(async () => {
      throw new Error('second');
    });
    const waiting = group.wait().catch((e: Error) => e.message);
    await new Promise((resolve) => setImmediate(resolve));
    expect(group.signal.aborted).toBe(true);
    expect(settled).toEqual([]);
    slow.resolve();
    expect(await waiting).toBe('first');
    expect(settled).toEqual(['slow']);
  });

  it('follows its parent signal and can be aborted', async () => {
    const parent = new AbortController();
    const group = taskGroup(parent.signal);
    group.spawn(
      (signal) =>
        new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason))),
    );
    parent.abort(new Error('shutdown'));
    await expect(group.wait()).rejects.toThrow('shutdown');

    const manual = taskGroup();
    manual.abort();
    manual.abort();
    await expect(manual.wait()).rejects.toMatchObject({ name: 'AbortError' });
    expect(() => taskGroup('x' as never)).toThrow('`signal` must be an AbortSignal');
  });
});
