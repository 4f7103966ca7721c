import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  checkBoolean,
  checkInteger,
  checkOptionsObject,
  checkString,
  invalidOption,
} from '@leanvibe/core/contracts';
import { RedisServerNotFoundError, RedisServerStartError } from './errors.js';
import { freePort, ping } from './probe.js';

/** Options of {@link startRedisServer}. */
export interface RedisServerOptions {
  /** Keep an append-only file in the server's directory, so data survives {@link RedisServer.restart}. Default `false`. */
  readonly appendOnly?: boolean;
  /** Further `redis-server` arguments, e.g. `['--maxmemory', '10mb']`. Default none. */
  readonly args?: readonly string[];
  /** How long the server may take to answer `PING`, in milliseconds. Default `10_000`. */
  readonly startTimeoutMs?: number;
  /** The server binary. Default `'redis-server'`, looked up on `PATH`. */
  readonly binary?: string;
}

/** A real `redis-server` on a loopback port, private to the test that started it. */
export interface RedisServer extends AsyncDisposable {
  readonly host: '127.0.0.1';
  readonly port: number;
  /** `redis://127.0.0.1:<port>`. */
  readonly url: string;
  /** The server's own temporary directory (its append-only file lives here). */
  readonly dir: string;
  /** The running server's process id; `undefined` while it is down. */
  readonly pid: number | undefined;
  /** True while the server process runs. */
  readonly running: boolean;
  /** Shuts the server down (SIGTERM, so an append-only file is flushed) and removes its directory. */
  stop(): Promise<void>;
  /** Kills the server with SIGKILL, as a crash would; {@link RedisServer.restart} brings it back. */
  kill(): Promise<void>;
  /** Shuts the server down if it runs, then starts it again on the same port and directory. */
  restart(): Promise<void>;
}

const PORT_ATTEMPTS = 5;
const OUTPUT_LINES = 20;
const EXIT_GRACE_MS = 10_000;

/**
 * Starts Debian's `redis-server` on a random free loopback port in a fresh temporary directory,
 * with persistence off (`--save ''`, and `--appendonly no` unless `appendOnly` is set), and
 * resolves once it answers `PING`. Stop it when the test is done (`await server.stop()`, or
 * `await using server = await startRedisServer()`).
 *
 * @throws {@link RedisServerNotFoundError} when the binary is missing, naming how to install it.
 * @throws {@link RedisServerStartError} when it exits or does not answer in time.
 *
 * @example
 * ```ts
 * const server = await startRedisServer();
 * const client = new Redis(server.url);
 * // ...
 * await client.quit();
 * await server.stop();
 * ```
 */
export async function startRedisServer(options: RedisServerOptions = {}): Promise<RedisServer> {
  const given = checkOptionsObject('options', options);
  const appendOnly = checkBoolean('appendOnly', given.appendOnly ?? false);
  const startTimeoutMs = checkInteger('startTimeoutMs', given.startTimeoutMs ?? 10_000, { min: 1 });
  const binary = checkString('binary', given.binary ?? 'redis-server');
  const extra = given.args ?? [];
  if (!Array.isArray(extra) || !extra.every((arg) => typeof arg === 'string')) {
    throw invalidOption('args', 'an array of strings', extra);
  }
  const dir = await mkdtemp(join(tmpdir(), 'leanvibe-redis-'));
  const server = new RedisServerProcess(binary, dir, startTimeoutMs, [
    '--save',
    '',
    '--appendonly',
    appendOnly ? 'yes' : 'no',
    ...extra,
  ]);
  try {
    await server.launchOnFreePort();
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  return server;
}

class RedisServerProcess implements RedisServer {
  readonly host = '127.0.0.1' as const;
  port = 0;
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();
  private output: string[] = [];
  private stopped = false;

  constructor(
    private readonly binary: string,
    readonly dir: string,
    private readonly startTimeoutMs: number,
    private readonly args: readonly string[],
  ) {}

  get url(): string {
    return `redis://${this.host}:${this.port}`;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get running(): boolean {
    return this.child !== undefined;
  }

  async launchOnFreePort(): Promise<void> {
    for (let attempt = 1; ; attempt += 1) {
      this.port = await freePort();
      try {
        await this.launch();
        return;
      } catch (error) {
        const taken = this.output.some((line) => line.includes('Address already in use'));
        if (!taken || attempt === PORT_ATTEMPTS) throw error;
      }
    }
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    await this.end('SIGTERM');
    await rm(this.dir, { recursive: true, force: true });
  }

  async kill(): Promise<void> {
    await this.end('SIGKILL');
  }

  async restart(): Promise<void> {
    if (this.stopped)
      throw new RedisServerStartError('the server was stopped; start a new one', '');
    await this.end('SIGTERM');
    await this.launch();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.stop();
  }

  private async launch(): Promise<void> {
    this.output = [];
    const child = spawn(
      this.binary,
      ['--port', String(this.port), '--bind', this.host, '--dir', this.dir, ...this.args],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const spawnFailed = new Promise<Error>((resolve) => child.once('error', resolve));
    const killOnExit = (): void => {
      child.kill('SIGKILL');
    };
    process.once('exit', killOnExit);
    this.exited = new Promise((resolve) =>
      child.once('close', () => {
        process.removeListener('exit', killOnExit);
        if (this.child === child) this.child = undefined;
        resolve();
      }),
    );
    for (const stream of [child.stdout, child.stderr])
      stream?.on('data', (chunk: Buffer) => this.record(chunk));
    this.child = child;
    const failure = await Promise.race([spawnFailed, this.ready(child)]);
    if (failure === undefined) return;
    await this.end('SIGKILL');
    if ((failure as NodeJS.ErrnoException).code === 'ENOENT')
      throw new RedisServerNotFoundError(this.binary);
    throw failure;
  }

  private async ready(child: ChildProcess): Promise<Error | undefined> {
    const deadline = performance.now() + this.startTimeoutMs;
    while (performance.now() < deadline) {
      if (child.exitCode !== null || child.signalCode !== null || this.child !== child) {
        return new RedisServerStartError(`${this.binary} exited before it was ready`, this.tail());
      }
      if (child.pid !== undefined && (await ping(this.port))) return undefined;
      await sleep(20);
    }
    return new RedisServerStartError(
      `${this.binary} did not answer PING within ${this.startTimeoutMs} ms`,
      this.tail(),
    );
  }

  private async end(signal: 'SIGTERM' | 'SIGKILL'): Promise<void> {
    const child = this.child;
    if (child === undefined) return;
    child.kill(signal);
    const grace = setTimeout(() => child.kill('SIGKILL'), EXIT_GRACE_MS);
    await this.exited;
    clearTimeout(grace);
  }

  private record(chunk: Buffer): void {
    const lines = chunk
      .toString('utf8')
      .split('\n')
      .filter((line) => line.trim() !== '');
    this.output.push(...lines);
    if (this.output.length > OUTPUT_LINES) this.output.splice(0, this.output.length - OUTPUT_LINES);
  }

  private tail(): string {
    return this.output.join('\n');
  }
}
