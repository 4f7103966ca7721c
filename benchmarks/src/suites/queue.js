// @leanvibe/queue against a raw BullMQ Worker, and two worker processes against one, on a real redis-server.
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { definePlugin, PluginHost } from '@leanvibe/core';
import { serveQueue } from '@leanvibe/queue';
import { startRedisServer } from '@leanvibe/testing/redis';
import { Queue, QueueEvents, Worker } from 'bullmq';
import { coldImportComparison } from '../cold-import.js';
import { record } from '../harness.js';

export const title = '@leanvibe/queue';

const JOBS = 2_000;
const CONCURRENCY = 8;
const ROUNDS = 7;
const WAIT_JOBS = 400;
const WAIT_MS = 5;
const PER_PROCESS = 2;
let serial = 0;

/**
 * Starts workers on a fresh queue, then times adding `count` jobs until all of them completed:
 * wall ns per job, and this process's CPU ns per job (producer, events and in-process workers;
 * other processes' load moves it far less than the wall).
 */
async function drain(url, count, data, start) {
  const name = `bench-${process.pid}-${++serial}`;
  const connection = { url, maxRetriesPerRequest: null };
  const queue = new Queue(name, { connection, prefix: 'leanvibe' });
  const events = new QueueEvents(name, { connection, prefix: 'leanvibe' });
  await events.waitUntilReady();
  // The workers start (and connect) first; the clock runs from the first job added.
  const stop = await start(name);
  let done = 0;
  const finished = new Promise((resolve) => {
    const tick = () => {
      done += 1;
      if (done === count) resolve();
    };
    events.on('completed', tick);
    events.on('failed', tick);
  });
  const began = process.hrtime.bigint();
  const cpuBefore = process.cpuUsage();
  await queue.addBulk(
    Array.from({ length: count }, (_, i) => ({
      name: 'noop',
      data,
      opts: { jobId: `j${i}`, removeOnComplete: true },
    })),
  );
  await finished;
  const ns = Number(process.hrtime.bigint() - began) / count;
  const cpu = process.cpuUsage(cpuBefore);
  const cpuNs = ((cpu.user + cpu.system) * 1000) / count;
  await stop();
  await events.close();
  await queue.obliterate({ force: true });
  await queue.close();
  return { ns, cpuNs };
}

const median = (values) => [...values].sort((a, b) => a - b)[values.length >> 1];

async function noopHost() {
  const noop = definePlugin({
    name: 'noop',
    version: '1.0.0',
    type: 'workflow',
    taskTypes: ['noop'],
    sdk: '^0.1.0',
    limits: { concurrency: 64 },
    handle: (task) => task.params,
  });
  const host = new PluginHost({ id: 'bench' });
  await host.register(noop);
  await host.start();
  return host;
}

async function spawnWorkers(url, name, count, raw) {
  const env = { ...process.env, REDIS_URL: url, QUEUE: name, CONCURRENCY: String(PER_PROCESS) };
  if (raw) env.RAW = '1';
  const children = Array.from({ length: count }, () =>
    fork(new URL('../fixtures/queue-worker.js', import.meta.url), { env }),
  );
  await Promise.all(children.map((child) => once(child, 'message')));
  return async () => {
    await Promise.all(
      children.map((child) => {
        child.send('stop');
        return once(child, 'exit');
      }),
    );
  };
}

export async function run() {
  const server = await startRedisServer();
  const host = await noopHost();
  try {
    // serveQueue's jobs are encoded task requests; the raw worker's are the same JSON.
    const data = { request: { type: 'noop', params: { n: 1 } } };
    const rawWorker = (processor) => async (name) => {
      const worker = new Worker(name, processor, {
        connection: { url: server.url, maxRetriesPerRequest: null },
        prefix: 'leanvibe',
        concurrency: CONCURRENCY,
      });
      return () => worker.close();
    };
    const sides = {
      raw: rawWorker(async (job) => job.data),
      // What any cancellable worker pays: BullMQ makes an AbortController per job for a processor
      // that takes the signal, and a TaskResult is stored and sent back instead of the params.
      rawLikeOurs: rawWorker(async (job, _token, _signal) => ({
        success: true,
        pluginId: 'noop',
        taskId: String(job.id),
        executionTimeMs: 0.01,
        data: job.data.request.params,
      })),
      ours: async (name) => {
        const worker = await serveQueue(
          host,
          { connection: server.url, name },
          { concurrency: CONCURRENCY },
        );
        return () => worker.close();
      },
    };
    // Redis, the JIT and every code path warm up first (the first thousands of jobs run up to
    // twice as slow); then the rounds alternate the order of the sides.
    const times = { raw: [], rawLikeOurs: [], ours: [] };
    const cpus = { raw: [], rawLikeOurs: [], ours: [] };
    for (const start of Object.values(sides)) await drain(server.url, JOBS, data, start);
    for (let round = 0; round < ROUNDS; round++) {
      const order = Object.entries(sides);
      if (round % 2 === 1) order.reverse();
      for (const [side, start] of order) {
        const { ns, cpuNs } = await drain(server.url, JOBS, data, start);
        times[side].push(ns);
        cpus[side].push(cpuNs);
      }
    }
    const oursNs = median(times.ours);
    const oursCpu = median(cpus.ours);
    for (const [side, peer] of [
      ['raw', 'bullmq Worker'],
      ['rawLikeOurs', 'bullmq Worker taking the signal, returning a TaskResult'],
    ]) {
      const peerNs = median(times[side]);
      record({
        row: `serveQueue no-op tasks, concurrency ${CONCURRENCY}, ×${JOBS}`,
        ours: oursNs,
        peer,
        peerNs,
        ratio: peerNs / oursNs,
        note: `${Math.round(1e9 / oursNs)} vs ${Math.round(1e9 / peerNs)} tasks/s${side === 'raw' ? '; budget ≥ 0.85×' : ''}`,
      });
      const peerCpu = median(cpus[side]);
      record({
        row: `  the same, CPU time per task in the process (producer, events, worker)`,
        ours: oursCpu,
        peer,
        peerNs: peerCpu,
        ratio: peerCpu / oursCpu,
        note: `${(oursCpu / 1000).toFixed(1)} vs ${(peerCpu / 1000).toFixed(1)} µs`,
      });
    }

    // Each process serves PER_PROCESS tasks at once; two processes should do twice the work. The
    // same measurement of raw BullMQ workers shows what the machine allows.
    const waitData = { request: { type: 'wait', params: { ms: WAIT_MS } } };
    for (const raw of [false, true]) {
      const { ns: one } = await drain(server.url, WAIT_JOBS, waitData, (name) =>
        spawnWorkers(server.url, name, 1, raw),
      );
      const { ns: two } = await drain(server.url, WAIT_JOBS, waitData, (name) =>
        spawnWorkers(server.url, name, 2, raw),
      );
      record({
        row: `${WAIT_MS} ms tasks, ${raw ? 'raw bullmq Workers' : 'serveQueue'}: two processes vs one (×${WAIT_JOBS})`,
        ours: two,
        peer: 'one process',
        peerNs: one,
        ratio: one / two,
        note: `${Math.round(1e9 / two)} vs ${Math.round(1e9 / one)} tasks/s, concurrency ${PER_PROCESS} each${raw ? '' : '; budget ≥ 1.7×'}`,
      });
    }
  } finally {
    await host.close();
    await server.stop();
  }
  record(coldImportComparison('cold import vs bullmq (ESM)', '@leanvibe/queue', 'bullmq'));
}
