import { AsyncLocalStorage, createHook } from 'node:async_hooks';
import { setImmediate as realSetImmediate } from 'node:timers';

/** A timer or handle created inside a tracked call and not yet released. */
export interface OpenHandle {
  /** The async resource type: `Timeout`, `TCPWRAP`, `FSEVENTWRAP`, ... */
  readonly type: string;
  /** For timers: whether it keeps the process alive. */
  readonly referenced: boolean | undefined;
}

// Short-lived requests and callbacks, not resources a plugin holds: they end on their own.
const TRANSIENT = new Set([
  'PROMISE',
  'TickObject',
  'Microtask',
  'Immediate',
  'FSREQCALLBACK',
  'FSREQPROMISE',
  'GETADDRINFOREQWRAP',
  'GETNAMEINFOREQWRAP',
  'QUERYWRAP',
  'SHUTDOWNWRAP',
  'WRITEWRAP',
  'ZLIB',
  'RANDOMBYTESREQUEST',
  'PBKDF2REQUEST',
  'SCRYPTREQUEST',
  'HASHREQUEST',
  'CIPHERREQUEST',
  'KEYGENREQUEST',
  'SIGNREQUEST',
  'CHECKPRIMEREQUEST',
  'DERIVEBITSREQUEST',
  // Node 22+: `stream.finished()` binds its callback to an AsyncResource of this type. It holds
  // no handle, and its destroy event comes only when it is garbage-collected.
  'STREAM_END_OF_STREAM',
]);

const turn = (): Promise<void> =>
  new Promise((resolve) => {
    realSetImmediate(resolve);
  });

/**
 * Counts the timers and handles created by code run through {@link HandleTracker.run} (and by
 * everything that code schedules), using `async_hooks`: what was created and not destroyed is
 * still open. Other code running meanwhile is not counted.
 */
export class HandleTracker {
  readonly #store = new AsyncLocalStorage<HandleTracker>();
  readonly #open = new Map<number, { type: string; resource: unknown }>();
  readonly #hook = createHook({
    init: (asyncId, type, _trigger, resource) => {
      if (TRANSIENT.has(type) || this.#store.getStore() !== this) return;
      this.#open.set(asyncId, { type, resource });
    },
    destroy: (asyncId) => {
      this.#open.delete(asyncId);
    },
  });

  /** Starts counting. */
  enable(): this {
    this.#hook.enable();
    return this;
  }

  /** Stops counting and forgets everything. */
  disable(): void {
    this.#hook.disable();
    this.#open.clear();
  }

  /** Runs `fn` so that what it creates is counted. */
  run<T>(fn: () => T): T {
    return this.#store.run(this, fn);
  }

  /**
   * What is still open, after letting destroy notifications arrive (they are delivered a turn
   * or two after a timer is cleared).
   */
  async openHandles(): Promise<readonly OpenHandle[]> {
    for (let i = 0; i < 3; i++) await turn();
    const open: OpenHandle[] = [];
    for (const { type, resource } of this.#open.values()) {
      const timer = resource as { hasRef?: () => boolean; _destroyed?: boolean };
      // A timer that fired or was cleared is gone even if its destroy event is still queued.
      if (type === 'Timeout' && timer._destroyed === true) continue;
      open.push({
        type,
        referenced: typeof timer.hasRef === 'function' ? timer.hasRef() : undefined,
      });
    }
    return open;
  }
}
