import { Worker } from 'node:worker_threads';
import {
  decodeTaskResult,
  type EncodedTaskRequest,
  encodeError,
  type PluginError,
  reviveError,
  type TaskResult,
  type TaskStatus,
  type TaskStatusUpdate,
} from '@leanvibe/core/contracts';
import { endFailure, taskFailure } from './end-failure.js';
import { IsolateError } from './errors.js';
import { workerExecArgv } from './locate.js';
import type { CrossedManifest, FromWorker, ToWorker, WorkerBoot } from './protocol.js';
import { failed } from './results.js';
import { WakeCounter } from './wake.js';

/** One task handed to a worker: how its result and progress come back. */
export interface TaskCall {
  readonly taskId: string;
  settle(result: TaskResult): void;
  status(status: TaskStatus, update?: TaskStatusUpdate): void;
}

/** What a slot reports to its group. */
export interface SlotHooks {
  /** Logs, metrics and submitted tasks from the plugin. */
  message(slot: WorkerSlot, message: FromWorker): void;
  /** The worker ended; `error` is set when nobody asked it to. */
  ended(slot: WorkerSlot, error: PluginError | undefined): void;
}

/** How a slot is started. */
export interface SlotSpec {
  readonly file: URL;
  readonly specifier: string;
  readonly memoryLimitMb: number | undefined;
  readonly pluginId: string;
  /** How long the worker waits for its next task once idle (see `IsolateOptions.idleWaitMs`). */
  readonly idleWaitMs: number;
}

type Waiter = { resolve(message: FromWorker): void; reject(error: Error): void };

/**
 * One worker thread holding one copy of the plugin: its tasks in flight, its one-shot replies
 * (loaded, init, cleanup), and how its end is told (memory, crash, exit, terminate).
 */
export class WorkerSlot {
  readonly worker: Worker;
  /** True once the plugin's `initialize` succeeded in this worker. */
  ready = false;
  ended = false;
  readonly #calls = new Map<number, TaskCall>();
  readonly #waiters = new Map<string, Waiter>();
  #nextId = 0;
  #busy = 0;
  #thrown: Error | undefined;
  #endedBy: ((call: TaskCall) => PluginError) | undefined;
  readonly #exited: Promise<void>;
  readonly #wake = new WakeCounter();

  /** The plugin's id, known once its manifest has loaded. */
  pluginId: string;

  constructor(
    readonly spec: SlotSpec,
    private hooks: SlotHooks,
  ) {
    this.pluginId = spec.pluginId;
    this.worker = new Worker(spec.file, {
      workerData: {
        specifier: spec.specifier,
        wake: this.#wake.buffer,
        idleWaitMs: spec.idleWaitMs,
      } satisfies WorkerBoot,
      ...workerExecArgv(process.execArgv),
      ...(spec.memoryLimitMb === undefined
        ? {}
        : { resourceLimits: { maxOldGenerationSizeMb: spec.memoryLimitMb } }),
      stdout: false,
      stderr: false,
    });
    this.worker.unref();
    this.worker.on('message', (message: FromWorker) => this.#message(message));
    this.worker.on('error', (error) => {
      this.#thrown = error;
    });
    this.#exited = new Promise((resolve) => {
      this.worker.once('exit', (code) => {
        this.#exit(code);
        resolve();
      });
    });
    this.#hold(1);
  }

  /** Hands the slot to another group (the probe's first worker joins the plugin's group). */
  adopt(hooks: SlotHooks, pluginId: string): void {
    this.hooks = hooks;
    this.pluginId = pluginId;
  }

  /** Tasks in flight. */
  get load(): number {
    return this.#calls.size;
  }

  /** Waits for the module to load; its manifest. */
  async loaded(timeoutMs: number): Promise<CrossedManifest> {
    const reply = await this.#await('loaded', timeoutMs);
    this.#hold(-1);
    if (reply.t === 'load-failed') {
      throw new IsolateError('ISOLATE_LOAD_FAILED', reviveError(reply.error).message, {
        pluginId: this.pluginId,
        cause: reviveError(reply.error),
      });
    }
    return (reply as FromWorker & { t: 'loaded' }).manifest;
  }

  /** Runs the plugin's `initialize` in the worker; rejects with its error. */
  async init(config: Readonly<Record<string, unknown>>): Promise<void> {
    this.#hold(1);
    try {
      const reply = this.#await('init-done', Number.POSITIVE_INFINITY);
      this.#send({ t: 'init', config });
      const done = (await reply) as FromWorker & { t: 'init-done' };
      if (done.error !== undefined) throw reviveError(done.error);
      this.ready = true;
    } finally {
      this.#hold(-1);
    }
  }

  /** Hands a task to the worker. */
  run(request: EncodedTaskRequest, call: TaskCall): number {
    const id = ++this.#nextId;
    this.#calls.set(id, call);
    this.#hold(1);
    this.#send({ t: 'task', id, request });
    return id;
  }

  /** Tells the worker a task's signal aborted. */
  abort(id: number, reason: Error): void {
    if (this.#calls.has(id)) this.#send({ t: 'abort', id, reason: encodeError(reason) });
  }

  /** Whether the task is still in flight here. */
  has(id: number): boolean {
    return this.#calls.has(id);
  }

  /** Posts an answer to a task the plugin submitted. */
  send(message: ToWorker): void {
    this.#send(message);
  }

  /** Runs the plugin's `cleanup` in the worker, within `timeoutMs`, then terminates it. */
  async close(timeoutMs: number, endedBy: (call: TaskCall) => PluginError): Promise<void> {
    if (this.ended) return;
    if (this.ready) {
      this.#hold(1);
      const reply = this.#await('cleanup-done', timeoutMs).catch(() => undefined);
      this.#send({ t: 'cleanup' });
      await reply;
      this.#hold(-1);
    }
    await this.terminate(endedBy);
  }

  /** Terminates the worker; each task in flight fails with `endedBy(call)`. */
  async terminate(endedBy: (call: TaskCall) => PluginError): Promise<void> {
    if (!this.ended && this.#endedBy === undefined) {
      this.#endedBy = endedBy;
      void this.worker.terminate();
    }
    await this.#exited;
  }

  #send(message: ToWorker): void {
    if (this.ended) return;
    this.worker.postMessage(message);
    this.#wake.ring();
  }

  #hold(delta: number): void {
    const before = this.#busy;
    this.#busy += delta;
    if (before === 0 && this.#busy > 0) this.worker.ref();
    else if (before > 0 && this.#busy === 0) this.worker.unref();
  }

  #await(kind: string, timeoutMs: number): Promise<FromWorker> {
    return new Promise<FromWorker>((resolve, reject) => {
      const timer =
        timeoutMs === Number.POSITIVE_INFINITY
          ? undefined
          : setTimeout(() => {
              this.#waiters.delete(kind);
              reject(
                new IsolateError('ISOLATE_WORKER_TERMINATED', `no ${kind} within ${timeoutMs} ms`),
              );
            }, timeoutMs);
      this.#waiters.set(kind, {
        resolve: (message) => {
          clearTimeout(timer);
          resolve(message);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
    });
  }

  #message(message: FromWorker): void {
    switch (message.t) {
      case 'result': {
        const call = this.#calls.get(message.id);
        if (call === undefined) return;
        this.#calls.delete(message.id);
        this.#hold(-1);
        call.settle(decodeTaskResult(message.result));
        return;
      }
      case 'status':
        this.#calls.get(message.id)?.status(message.status, message.update);
        return;
      case 'loaded':
      case 'load-failed':
        this.#reply('loaded', message);
        return;
      case 'init-done':
      case 'cleanup-done':
        this.#reply(message.t, message);
        return;
      default:
        this.hooks.message(this, message);
    }
  }

  #reply(kind: string, message: FromWorker): void {
    const waiter = this.#waiters.get(kind);
    this.#waiters.delete(kind);
    waiter?.resolve(message);
  }

  #exit(code: number): void {
    this.ended = true;
    this.ready = false;
    const unexpected =
      this.#endedBy === undefined
        ? endFailure(this.pluginId, code, this.#thrown, this.spec.memoryLimitMb)
        : undefined;
    const endedBy =
      this.#endedBy ?? ((call: TaskCall) => taskFailure(this.pluginId, unexpected, call.taskId));
    for (const call of this.#calls.values()) {
      call.settle(failed(this.pluginId, call.taskId, endedBy(call)));
    }
    this.#calls.clear();
    const reason = unexpected ?? endedBy({ taskId: '', settle() {}, status() {} });
    for (const waiter of this.#waiters.values()) waiter.reject(reason);
    this.#waiters.clear();
    this.hooks.ended(this, unexpected);
  }
}
