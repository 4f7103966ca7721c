// The benchmark harness: ours and a peer, side by side in one process, in alternating rounds,
// reported as ns per operation and a ratio. Speed claims are made here, never in unit tests.
import { Bench } from 'tinybench';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const TIME_MS = Number(process.env.BENCH_TIME_MS ?? 300);

/** @typedef {{ name: string, fn: () => unknown, setup?: () => unknown, teardown?: () => unknown }} Contender */
/** @typedef {{ row: string, ours: number, peer?: string, peerNs?: number, ratio?: number, note?: string }} Row */

/** @type {Row[]} */
const rows = [];

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

async function measureRound(contenders, reverse) {
  const bench = new Bench({ time: TIME_MS, warmup: true, warmupTime: 50 });
  const order = reverse ? [...contenders].reverse() : contenders;
  for (const contender of order) {
    bench.add(contender.name, contender.fn, {
      beforeAll: contender.setup,
      afterAll: contender.teardown,
    });
  }
  await bench.run();
  const result = new Map();
  for (const task of bench.tasks) {
    const latency = task.result?.latency;
    if (task.result?.error) throw task.result.error;
    if (latency === undefined) throw new Error(`benchmark ${task.name} produced no result`);
    result.set(task.name, latency.p50 * 1e6);
  }
  return result;
}

/**
 * Measures ours against one or more peers in alternating rounds and records a row per peer.
 * `ours` and each peer are functions (sync or async) doing one operation.
 *
 * @param {string} row what is measured
 * @param {Contender} ours
 * @param {Contender[]} peers
 */
export async function compare(row, ours, peers = []) {
  const contenders = [ours, ...peers];
  const samples = new Map(contenders.map((c) => [c.name, []]));
  for (let round = 0; round < ROUNDS; round++) {
    const result = await measureRound(contenders, round % 2 === 1);
    for (const [name, ns] of result) samples.get(name).push(ns);
  }
  const oursNs = median(samples.get(ours.name));
  if (peers.length === 0) rows.push({ row, ours: oursNs });
  for (const peer of peers) {
    const peerNs = median(samples.get(peer.name));
    rows.push({ row, ours: oursNs, peer: peer.name, peerNs, ratio: peerNs / oursNs });
  }
  printRow(rows.slice(-Math.max(1, peers.length)));
}

/** Records a row measured some other way (a cold import, a whole-process figure). */
export function record(entry) {
  rows.push(entry);
  printRow([entry]);
}

function format(ns) {
  if (ns === undefined) return '-';
  if (ns >= 1e6) return `${(ns / 1e6).toFixed(2)} ms`;
  if (ns >= 1e3) return `${(ns / 1e3).toFixed(2)} µs`;
  return `${ns.toFixed(0)} ns`;
}

function printRow(entries) {
  for (const entry of entries) {
    const peer = entry.peer === undefined ? '' : `  vs ${entry.peer} ${format(entry.peerNs)}`;
    const ratio =
      entry.ratio === undefined
        ? ''
        : `  → ${entry.ratio.toFixed(2)}× ${entry.ratio >= 1 ? 'faster' : 'SLOWER'}`;
    const note = entry.note === undefined ? '' : `  (${entry.note})`;
    console.log(
      `  ${entry.row.padEnd(52)} ${format(entry.ours).padStart(10)}${peer}${ratio}${note}`,
    );
  }
}

/** Every row recorded so far. */
export function results() {
  return rows;
}
