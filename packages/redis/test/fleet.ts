import { type ChildProcess, fork } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A loopback dependency that counts and timestamps the requests it serves. */
export interface Dependency {
  readonly url: string;
  readonly hits: { path: string; at: number; granted: number }[];
  mode: 'ok' | 'fail' | 'slow';
  close(): Promise<void>;
}

export async function startDependency(): Promise<Dependency> {
  const dep = {
    hits: [] as { path: string; at: number; granted: number }[],
    mode: 'ok' as Dependency['mode'],
  };
  let counter = 0;
  const server: Server = createServer((req, res) => {
    const at = Date.now();
    const granted = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('granted') ?? at);
    dep.hits.push({ path: req.url ?? '', at, granted });
    const answer = (): void => {
      const failing = dep.mode === 'fail' || req.url === '/fail';
      res.writeHead(failing ? 500 : 200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ n: ++counter }));
    };
    if (dep.mode === 'slow') setTimeout(answer, 300);
    else answer();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(dep, {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}

/** One forked fleet process. */
export interface Member {
  readonly events: { event: string; to?: string; remote?: boolean; at?: number }[];
  run(cmd: string, args?: object): Promise<unknown>;
  stop(): Promise<void>;
}

export async function spawn(redisUrl: string, depUrl: string): Promise<Member> {
  const child: ChildProcess = fork(new URL('./fixtures/worker.mjs', import.meta.url), {
    env: { ...process.env, REDIS_URL: redisUrl, DEP_URL: depUrl },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const events: Member['events'] = [];
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let next = 0;
  let up!: () => void;
  const ready = new Promise<void>((resolve) => (up = resolve));
  child.on(
    'message',
    (message: { id?: number; value?: unknown; error?: string; event?: string }) => {
      if (message.event === 'up') up();
      else if (message.event !== undefined) events.push(message as Member['events'][number]);
      else {
        const call = pending.get(message.id as number);
        pending.delete(message.id as number);
        if (message.error !== undefined) call?.reject(new Error(message.error));
        else call?.resolve(message.value);
      }
    },
  );
  await ready;
  return {
    events,
    run: (cmd, args) =>
      new Promise((resolve, reject) => {
        const id = next++;
        pending.set(id, { resolve, reject });
        child.send({ id, cmd, args });
      }),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGKILL');
      }),
  };
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
