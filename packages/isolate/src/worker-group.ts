import {
  decodeTaskRequest,
  encodeTaskResult,
  type Logger,
  type MetricsSink,
  type Orchestrator,
  type PluginError,
} from '@leanvibe/core/contracts';
import { CrashWindow } from './crash-window.js';
import { IsolateError } from './errors.js';
import type { ResolvedIsolateOptions } from './options.js';
import type { CrossedManifest, FromWorker } from './protocol.js';
import { type SlotSpec, type TaskCall, WorkerSlot } from './worker-slot.js';

/** Where an isolated plugin is in its life. */
export type IsolateState = 'idle' | 'starting' | 'ready' | 'failed' | 'closed';

/** What the workers' plugins reach on the host's side. */
export interface HostSide {
  readonly config: Readonly<Record<string, unknown>>;
  readonly logger: Logger;
  readonly metrics: MetricsSink;
  readonly orchestrator: Orchestrator;
  /** The host's `PluginContext.reportFailure`, told when crashes mark the plugin failed. */
  readonly reportFailure?: ((reason: Error) => void) | undefined;
}

type Waiting = { resolve(slot: WorkerSlot): void; reject(error: PluginError): void };

/**
 * The worker threads of one isolated plugin: starts them, hands out the least busy, replaces a
 * terminated one at once and a crashed one after a backoff, and gives up after too many crashes.
 */
export class WorkerGroup {
  state: IsolateState = 'idle';
  lastError: PluginError | undefined;
  restarts = 0;
  /** Why the plugin is failed, once too many crashes marked it so. */
  #failure: IsolateError | undefined;
  readonly #slots: (WorkerSlot | undefined)[];
  readonly #waiting: Waiting[] = [];
  readonly #timers = new Set<ReturnType<typeof setTimeout>>();
  readonly #crashes: CrashWindow;
  #host: HostSide | undefined;
  readonly #hooks = {
    message: (from: WorkerSlot, message: FromWorker) => this.#message(from, message),
    ended: (from: WorkerSlot, error: PluginError | undefined) => this.#ended(from, error),
  };

  constructor(
    private readonly spec: SlotSpec,
    private readonly options: ResolvedIsolateOptions,
  ) {
    this.#slots = new Array(options.workers).fill(undefined);
    const o = options;
    this.#crashes = new CrashWindow(
      o.maxCrashes,
      o.crashWindowMs,
      o.restartDelayMs,
      o.maxRestartDelayMs,
    );
  }

  /** Live worker threads. */
  get threadIds(): readonly number[] {
    return this.#slots.filter((s) => s !== undefined && !s.ended).map((s) => s!.worker.threadId);
  }

  /** Starts a worker and waits for its plugin module to load. */
  async spawn(): Promise<{ slot: WorkerSlot; manifest: CrossedManifest }> {
    const slot = new WorkerSlot(this.spec, this.#hooks);
    try {
      return { slot, manifest: await slot.loaded(this.options.loadTimeoutMs) };
    } catch (error) {
      await slot.terminate(() => error as PluginError);
      throw error;
    }
  }

  /** Starts every worker (reusing `first` when given) and runs `initialize` in each. */
  async start(host: HostSide, first: WorkerSlot | undefined, signal: AbortSignal): Promise<void> {
    this.#host = host;
    this.state = 'starting';
    const starting = this.#slots.map(async (_, index) => {
      const slot = index === 0 && first !== undefined ? first : (await this.spawn()).slot;
      slot.adopt(this.#hooks, this.spec.pluginId);
      this.#slots[index] = slot;
      if (this.state !== 'starting') throw this.lastError;
      await slot.init(host.config);
    });
    const aborted = new Promise<never>((_, reject) => {
      const stop = (): void => reject(signal.reason);
      if (signal.aborted) stop();
      else signal.addEventListener('abort', stop, { once: true });
      void Promise.allSettled(starting).then(() => signal.removeEventListener('abort', stop));
    });
    try {
      await Promise.race([Promise.all(starting), aborted]);
      this.state = 'ready';
    } catch (error) {
      this.state = 'closed';
      this.lastError = error as PluginError;
      // A worker stuck in `initialize` never answers: terminating it is what ends its start.
      await this.#terminateAll();
      await Promise.allSettled(starting);
      await this.#terminateAll();
      throw error;
    }
  }

  /** The least busy ready worker, or a promise of the next one ready. */
  acquire(): WorkerSlot | Promise<WorkerSlot> {
    let best: WorkerSlot | undefined;
    for (const slot of this.#slots) {
      if (slot?.ready === true && (best === undefined || slot.load < best.load)) best = slot;
    }
    if (best !== undefined) return best;
    if (this.state !== 'ready') return Promise.reject(this.refusal());
    return new Promise((resolve, reject) => this.#waiting.push({ resolve, reject }));
  }

  /** The error a task gets when the plugin cannot take it. */
  refusal(taskId?: string): IsolateError {
    const pluginId = this.spec.pluginId;
    const ids = taskId === undefined ? { pluginId } : { pluginId, taskId };
    if (this.state === 'failed' && this.#failure !== undefined) {
      // The host's own refusal of a failed plugin reads the same: `plugin "x" is failed: why`.
      return new IsolateError(
        'ISOLATE_PLUGIN_FAILED',
        `plugin "${pluginId}" is failed: ${this.#failure.message}`,
        { ...ids, cause: this.#failure.cause },
      );
    }
    return new IsolateError(
      'ISOLATE_CLOSED',
      `plugin "${pluginId}" is not running (${this.state})`,
      ids,
    );
  }

  /** Terminates a worker whose task did not answer its abort, and replaces it at once. */
  async kill(slot: WorkerSlot, endedBy: (call: TaskCall) => PluginError): Promise<void> {
    await slot.terminate(endedBy);
    if (this.state === 'ready') this.#replace(this.#slots.indexOf(slot), 0);
  }

  /** Runs `cleanup` in every worker, each within `cleanupTimeoutMs`, then terminates them. */
  async close(): Promise<void> {
    const wasRunning = this.state === 'ready' || this.state === 'starting';
    this.state = 'closed';
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    this.#rejectWaiting();
    const endedBy = (call: TaskCall): PluginError =>
      new IsolateError('ISOLATE_CLOSED', `plugin "${this.spec.pluginId}" closed`, {
        pluginId: this.spec.pluginId,
        taskId: call.taskId,
      });
    await Promise.all(
      this.#slots.map((slot) =>
        wasRunning ? slot?.close(this.options.cleanupTimeoutMs, endedBy) : slot?.terminate(endedBy),
      ),
    );
    this.#slots.fill(undefined);
  }

  #terminateAll(): Promise<unknown> {
    const endedBy = (): PluginError => this.refusal();
    return Promise.all(this.#slots.map((slot) => slot?.terminate(endedBy)));
  }

  #rejectWaiting(): void {
    for (const waiting of this.#waiting.splice(0)) waiting.reject(this.refusal());
  }

  #ended(slot: WorkerSlot, error: PluginError | undefined): void {
    if (error === undefined) return;
    this.#crash(this.#slots.indexOf(slot), error);
  }

  #crash(index: number, error: PluginError): void {
    if (this.state !== 'ready' || index < 0) return;
    this.lastError = error;
    this.#host?.logger.error(
      { err: error, pluginId: this.spec.pluginId },
      'isolated plugin worker crashed',
    );
    if (this.#crashes.record(Date.now())) {
      this.state = 'failed';
      this.#failure = new IsolateError(
        'ISOLATE_PLUGIN_FAILED',
        `its worker crashed ${this.options.maxCrashes} times within ${this.options.crashWindowMs} ms (last: ${error.message})`,
        { pluginId: this.spec.pluginId, cause: error },
      );
      this.#rejectWaiting();
      void this.#terminateAll();
      // The host marks the plugin failed in `health()` and refuses its tasks from now on.
      this.#host?.reportFailure?.(this.#failure);
      return;
    }
    this.#replace(index, this.#crashes.delayMs());
  }

  #replace(index: number, delayMs: number): void {
    if (index < 0) return;
    this.#slots[index] = undefined;
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      void this.#restart(index);
    }, delayMs);
    this.#timers.add(timer);
  }

  async #restart(index: number): Promise<void> {
    if (this.state !== 'ready' || this.#host === undefined) return;
    this.restarts++;
    let slot: WorkerSlot | undefined;
    try {
      slot = (await this.spawn()).slot;
      if (this.state !== 'ready') {
        await slot.terminate(() => this.refusal());
        return;
      }
      this.#slots[index] = slot;
      await slot.init(this.#host.config);
    } catch (error) {
      // A restart that fails to load or initialise counts as one more crash.
      await slot?.terminate(() => error as PluginError);
      this.#crash(index, error as PluginError);
      return;
    }
    if (this.state !== 'ready') {
      await slot.close(this.options.cleanupTimeoutMs, () => this.refusal());
      return;
    }
    while (this.#waiting.length > 0 && slot.ready) this.#waiting.shift()?.resolve(slot);
  }

  #message(slot: WorkerSlot, message: FromWorker): void {
    const host = this.#host;
    if (host === undefined) return;
    if (message.t === 'log') {
      const target =
        Object.keys(message.bindings).length === 0
          ? host.logger
          : host.logger.child({ ...message.bindings });
      if (message.fields === undefined) target[message.level](message.message ?? '');
      else target[message.level](message.fields, message.message);
    } else if (message.t === 'metric') {
      const { kind, name, value, labels } = message;
      if (kind === 'counter') host.metrics.counter(name, value, labels);
      else host.metrics[kind](name, value ?? 0, labels);
    } else if (message.t === 'submit') {
      void host.orchestrator
        .submitTask(decodeTaskRequest(message.request))
        .then((result) =>
          slot.send({ t: 'submitted', id: message.id, result: encodeTaskResult(result) }),
        );
    }
  }
}
