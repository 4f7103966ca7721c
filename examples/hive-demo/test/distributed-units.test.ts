import { describe, expect, it } from 'vitest';
import { type BreakerEvent, breakerFollow } from '../src/distributed/follow.js';
import { Ledger } from '../src/distributed/ledger.js';
import { findOnPath, NO_REDIS_SERVER } from '../src/distributed/redis-server.js';
import { rowFor } from '../src/distributed/rows.js';
import { createWorkerView, perWorker } from '../src/ui/workers.js';

// The distributed mode's parts that need no process or Redis.

const open = (worker: number, at: number, remote = false): BreakerEvent => ({
  worker,
  from: 'closed',
  to: 'open',
  remote,
  at,
});

describe('breakerFollow', () => {
  it('pairs each remote open with the latest own open of another worker before it', () => {
    const follow = breakerFollow(
      [
        open(1, 1_000),
        open(2, 1_004, true),
        open(3, 1_010, true),
        { worker: 1, from: 'open', to: 'half-open', remote: false, at: 1_250 },
        open(3, 2_000),
        open(1, 2_003, true),
        // Worker 2 was open already: it follows nothing and gives no sample.
      ],
      900,
    );
    expect(follow.opens).toBe(2);
    expect(follow.remoteOpens).toBe(3);
    expect(follow.followMs).toEqual({ median: 4, max: 10, samples: 3 });
    expect(follow.perOpen).toEqual([
      {
        worker: 1,
        atMs: 100,
        followedBy: [
          { worker: 2, ms: 4 },
          { worker: 3, ms: 10 },
        ],
      },
      { worker: 3, atMs: 1_100, followedBy: [{ worker: 1, ms: 3 }] },
    ]);
  });

  it('has no figures without an open, and sorts events that arrive out of order', () => {
    expect(breakerFollow([], 0).followMs).toEqual({ median: null, max: null, samples: 0 });
    const follow = breakerFollow([open(2, 510, true), open(1, 500), open(3, 530, true)], 0);
    expect(follow.followMs).toEqual({ median: 20, max: 30, samples: 2 });
  });

  it('never pairs a remote open with an open of the same worker', () => {
    const follow = breakerFollow([open(1, 100), open(1, 120, true)], 0);
    expect(follow.followMs.samples).toBe(0);
  });
});

describe('Ledger', () => {
  it('counts each task once per worker that finished it, and what started twice', () => {
    const ledger = new Ledger(3);
    ledger.recordStart(1, 'fetch-1');
    ledger.recordStart(1, 'fetch-2');
    ledger.recordStart(2, 'fetch-3');
    expect(ledger.busiest()?.index).toBe(1);
    ledger.worker(1).killed = true;
    ledger.recordExit(1);
    expect(ledger.alive()).toBe(2);
    // Its jobs come back and run elsewhere.
    ledger.recordStart(2, 'fetch-1');
    ledger.recordStart(3, 'fetch-2');
    ledger.recordFinish(2, 'fetch-1', true);
    ledger.recordFinish(3, 'fetch-2', false);
    ledger.recordFinish(2, 'fetch-3', true, 12.5);
    ledger.recordFinish(2, 'fetch-3', true);
    expect(ledger.finishedTasks).toBe(3);
    expect(ledger.workers.map((w) => w.completed)).toEqual([0, 2, 1]);
    expect(ledger.executedTwice().sort()).toEqual(['fetch-1', 'fetch-2']);
    expect(ledger.wasStored('fetch-1')).toBe(true);
    expect(ledger.wasStored('fetch-2')).toBe(false);
    expect(ledger.heapAfterGcMb.get('fetch-3')).toBe(12.5);
    expect(ledger.workers.map((w) => w.running)).toEqual([0, 0, 0]);
  });
});

describe('rowFor', () => {
  it('keys a result by its task, as the embedded run does', () => {
    expect(
      rowFor({ type: 'ingest.batch', params: { seed: 1, first: 50_001, count: 10 } }, { n: 1 }),
    ).toEqual({ kind: 'ingest', key: 'batch-50001', value: '{"n":1}' });
    expect(
      rowFor({ type: 'fetch.get', params: { url: 'http://127.0.0.1:9/items/17' } }, { v: 2 }),
    ).toEqual({ kind: 'fetch', key: 'items/17', value: '{"v":2}' });
    expect(rowFor({ type: 'vault', params: {} }, {})).toBeUndefined();
  });
});

describe('findOnPath', () => {
  it('finds an executable on PATH, and nothing on an empty one', () => {
    expect(findOnPath('node', `/nowhere:${process.env.PATH}`)).toMatch(/node$/);
    expect(findOnPath('redis-server', '')).toBeUndefined();
    expect(NO_REDIS_SERVER).not.toContain('\n');
    expect(NO_REDIS_SERVER).toMatch(/apt-get install redis-server.*brew install redis.*--redis/);
  });
});

function sink(isTTY: boolean) {
  const writes: string[] = [];
  return {
    writes,
    stream: Object.assign({ write: (text: string) => writes.push(text) > 0 }, { isTTY }),
  };
}

const line = (index: number, completed: number, extra: object = {}) => ({
  index,
  pid: 100 + index,
  completed,
  running: 1,
  killed: false,
  exited: false,
  ...extra,
});

describe('the workers view', () => {
  it('writes a line per tenth with the tasks of each worker elsewhere than a terminal', () => {
    const { writes, stream } = sink(false);
    const view = createWorkerView(stream as never);
    view.phase('fetch', 10);
    for (let n = 0; n <= 10; n++) view.update(n, [line(1, n), line(2, 0, { killed: true })]);
    view.done('10 tasks');
    expect(writes).toHaveLength(12);
    expect(writes[3]).toBe('  fetch: 30% (3/10); w1 3, w2 0 (killed)\n');
    expect(writes.at(-1)).toBe('  fetch: 10 tasks\n');
  });

  it('redraws a block in place on a terminal and prints log lines above it', () => {
    const { writes, stream } = sink(true);
    const view = createWorkerView(stream as never);
    view.phase('ingest', 4);
    view.update(4, [line(1, 3), line(2, 1)]);
    view.write('  w1 warn  fetch   circuit closed → open\n');
    view.done('done');
    const text = writes.join('');
    expect(text).toContain('\x1b[3F\x1b[J');
    expect(text).toMatch(/worker {2}1 {2}pid 101 .* {4}3 tasks {2}1 running/);
    expect(text).toContain('  w1 warn  fetch   circuit closed → open\n');
    expect(writes.at(-1)).toBe('  ingest: done\n');
    expect(perWorker([line(1, 2), line(2, 5, { exited: true })])).toBe('w1 2, w2 5 (exited)');
  });
});
