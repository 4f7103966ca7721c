import { type ChildProcess, spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** The one line the demo prints when it has no Redis to use. */
export const NO_REDIS_SERVER =
  'redis-server was not found on PATH: install it (apt-get install redis-server, or brew install redis) ' +
  'or name a server with --redis redis://HOST:PORT';

/** The path of `binary` on `PATH` (an executable file), or undefined. */
export function findOnPath(binary: string, path = process.env.PATH ?? ''): string | undefined {
  for (const dir of path.split(delimiter)) {
    if (dir === '') continue;
    const candidate = join(dir, binary);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** A `redis-server` of the demo's own, on a random loopback port. */
export interface PrivateRedis {
  readonly url: string;
  readonly pid: number | undefined;
  /** Shuts it down (SIGTERM, SIGKILL after a grace) and removes its directory. Safe to call twice. */
  stop(): Promise<void>;
}

const START_TIMEOUT_MS = 10_000;
const PORT_ATTEMPTS = 5;

/**
 * Starts `binary` with persistence off on a free loopback port and resolves once it answers
 * PING. It runs in its own process group, so a Ctrl-C at the terminal reaches the demo alone,
 * which stops the workers first and the server last; if the demo's process exits any other way,
 * the server is killed on the way out.
 */
export async function startPrivateRedis(binary: string): Promise<PrivateRedis> {
  const dir = await mkdtemp(join(tmpdir(), 'hive-demo-redis-'));
  let lastError: unknown;
  for (let attempt = 1; attempt <= PORT_ATTEMPTS; attempt++) {
    const port = await freePort();
    try {
      return await launch(binary, port, dir);
    } catch (error) {
      lastError = error;
      if (!String((error as Error).message).includes('Address already in use')) break;
    }
  }
  await rm(dir, { recursive: true, force: true });
  throw lastError;
}

async function launch(binary: string, port: number, dir: string): Promise<PrivateRedis> {
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir];
  const child: ChildProcess = spawn(binary, [...args, '--save', '', '--appendonly', 'no'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const output: string[] = [];
  for (const stream of [child.stdout, child.stderr]) {
    stream?.setEncoding('utf8');
    stream?.on('data', (text: string) => {
      output.push(...text.split('\n').filter((line) => line.trim() !== ''));
      output.splice(0, Math.max(0, output.length - 20));
    });
  }
  const killOnExit = (): void => {
    child.kill('SIGKILL');
  };
  process.once('exit', killOnExit);
  const exited = new Promise<void>((resolve) =>
    child.once('close', () => {
      process.removeListener('exit', killOnExit);
      resolve();
    }),
  );
  const spawnError = new Promise<Error>((resolve) => child.once('error', resolve));
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const grace = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await exited;
        clearTimeout(grace);
      }
      await rm(dir, { recursive: true, force: true });
    })();
    return stopping;
  };
  const failure = await Promise.race([spawnError, ready(child, port, output)]);
  if (failure !== undefined) {
    child.kill('SIGKILL');
    await Promise.race([exited, sleep(1_000)]);
    process.removeListener('exit', killOnExit);
    throw failure;
  }
  return { url: `redis://127.0.0.1:${port}`, pid: child.pid, stop };
}

async function ready(
  child: ChildProcess,
  port: number,
  output: readonly string[],
): Promise<Error | undefined> {
  const deadline = performance.now() + START_TIMEOUT_MS;
  while (performance.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      return new Error(`redis-server exited before it was ready:\n${output.join('\n')}`);
    }
    if (child.pid !== undefined && (await ping(port))) return undefined;
    await sleep(20);
  }
  return new Error(`redis-server did not answer PING within ${START_TIMEOUT_MS} ms`);
}

/** A loopback port that was free a moment ago. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** One PING; true when the server answers +PONG. */
function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    let reply = '';
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1_000, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk: Buffer) => {
      reply += chunk.toString('latin1');
      if (reply.includes('\r\n')) done(reply.startsWith('+PONG'));
    });
  });
}
