import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { FromWorker, ToWorker, WorkerConfig } from './protocol.js';

const WORKER_ENTRY = fileURLToPath(new URL('./worker.js', import.meta.url));

/** What the fleet tells its owner. */
export interface FleetEvents {
  /** A message from worker `index`. */
  message(index: number, message: FromWorker): void;
  /** Worker `index` exited; `expected` when the fleet killed or closed it. */
  exit(index: number, code: number | null, signal: NodeJS.Signals | null, expected: boolean): void;
  /** A line a worker wrote to its standard output or error (it should write none). */
  output(index: number, line: string): void;
}

interface Member {
  readonly index: number;
  readonly child: ChildProcess;
  readonly exited: Promise<void>;
  expected: boolean;
  gone: boolean;
}

/** The worker processes: forked, started, killed, closed. */
export class Fleet {
  readonly #members: Member[] = [];
  readonly #events: FleetEvents;
  readonly #killOnExit = (): void => this.killAll();

  constructor(events: FleetEvents) {
    this.#events = events;
    // However the main process ends, no worker outlives it.
    process.once('exit', this.#killOnExit);
  }

  /** The pids of the workers forked so far. */
  get pids(): (number | undefined)[] {
    return this.#members.map((m) => m.child.pid);
  }

  /**
   * Forks one worker per config, one after another, and resolves once each has said it is ready.
   * One at a time, so no worker's start-up (and its plugins' timed `init`) competes for the CPU
   * with the others'.
   */
  async start(configs: readonly WorkerConfig[], timeoutMs = 30_000): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`the workers were not ready within ${timeoutMs} ms`)),
        timeoutMs,
      );
    });
    try {
      for (const config of configs) await Promise.race([this.#fork(config), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Sends SIGKILL to worker `index`, as a crash would end it. */
  kill(index: number): void {
    const member = this.#members[index - 1];
    if (member === undefined || member.gone) return;
    member.expected = true;
    member.child.kill('SIGKILL');
  }

  /**
   * Asks every worker to close (they finish what they run and exit), and kills those still
   * there after `timeoutMs`. Resolves once every worker process is gone.
   */
  async close(timeoutMs = 10_000): Promise<void> {
    for (const member of this.#members) {
      if (member.gone) continue;
      member.expected = true;
      this.#send(member, { type: 'close' });
    }
    const timer = setTimeout(() => this.killAll(), timeoutMs);
    await Promise.all(this.#members.map((m) => m.exited));
    clearTimeout(timer);
    process.removeListener('exit', this.#killOnExit);
  }

  /** SIGKILLs every worker at once (synchronous: usable on the way out of the process). */
  killAll(): void {
    for (const member of this.#members) {
      if (member.gone) continue;
      member.expected = true;
      member.child.kill('SIGKILL');
    }
  }

  #fork(config: WorkerConfig): Promise<void> {
    const child = fork(WORKER_ENTRY, [], {
      execArgv: ['--expose-gc'],
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    const { index } = config;
    const exited = new Promise<void>((resolve) => {
      // `close`, not `exit`: every message and line the worker sent has arrived by then.
      child.once('close', (code, signal) => {
        member.gone = true;
        this.#events.exit(index, code, signal, member.expected);
        resolve();
      });
    });
    const member: Member = { index, child, exited, expected: false, gone: false };
    this.#members.push(member);
    for (const stream of [child.stdout, child.stderr]) {
      stream?.setEncoding('utf8');
      let pending = '';
      stream?.on('data', (text: string) => {
        const lines = (pending + text).split('\n');
        pending = lines.pop() ?? '';
        for (const line of lines) this.#events.output(index, line);
      });
    }
    child.on('error', () => {});
    return new Promise<void>((resolve, reject) => {
      child.on('message', (message: FromWorker) => {
        if (message.type === 'ready') resolve();
        this.#events.message(index, message);
      });
      void exited.then(() =>
        reject(new Error(`worker ${index} exited before it was ready (code ${child.exitCode})`)),
      );
      this.#send(member, { type: 'start', config });
    });
  }

  #send(member: Member, message: ToWorker): void {
    if (member.child.connected) member.child.send(message, () => {});
  }
}
