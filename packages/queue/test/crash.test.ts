import { type ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';
import { type RedisServer, startRedisServer } from '@leanvibe/testing/redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTaskQueue } from '../src/index.js';
import { uniqueName, until } from './support.js';

let server: RedisServer;

beforeAll(async () => {
  server = await startRedisServer();
});

afterAll(async () => {
  await server.stop();
});

interface Member {
  readonly child: ChildProcess;
  readonly started: string[];
}

async function spawnWorker(queue: string): Promise<Member> {
  const child = fork(new URL('./fixtures/worker.mjs', import.meta.url), {
    env: { ...process.env, REDIS_URL: server.url, QUEUE: queue },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const started: string[] = [];
  let up!: () => void;
  const ready = new Promise<void>((resolve) => (up = resolve));
  child.on('message', (message: { event: string; id?: string }) => {
    if (message.event === 'up') up();
    if (message.event === 'started') started.push(message.id as string);
  });
  await ready;
  return { child, started };
}

describe('a worker killed with SIGKILL during active jobs', () => {
  it('loses nothing: every job completes on another worker', async () => {
    const name = uniqueName('crash');
    const a = await spawnWorker(name);
    const b = await spawnWorker(name);
    const queue = await createTaskQueue({ connection: server.url, name });
    try {
      const handles = await queue.submitMany(
        Array.from({ length: 16 }, () => ({ request: { type: 'work', params: { ms: 400 } } })),
      );
      await until(() => a.started.length >= 2);
      const killedPid = a.child.pid;
      a.child.kill('SIGKILL');
      await once(a.child, 'exit');
      const results = await Promise.all(handles.map((handle) => handle.result()));
      expect(results.every((result) => result.success)).toBe(true);
      const ranOn = new Map(
        results.map((result) => [result.taskId, (result as { data: { pid: number } }).data.pid]),
      );
      // The jobs the killed worker held were run again, and finished, by the survivor.
      const cut = a.started.filter((id) => ranOn.get(id) !== killedPid);
      expect(cut.length).toBeGreaterThan(0);
      for (const id of cut) {
        expect(ranOn.get(id)).toBe(b.child.pid);
        expect(b.started).toContain(id);
      }
      expect(await queue.counts()).toMatchObject({
        completed: 16,
        failed: 0,
        active: 0,
        waiting: 0,
      });
    } finally {
      await queue.close();
      if (a.child.exitCode === null && a.child.signalCode === null) a.child.kill('SIGKILL');
      b.child.send('stop');
      await once(b.child, 'exit');
    }
  });
});
