import { type MessagePort, receiveMessageOnPort } from 'node:worker_threads';

/**
 * How long the worker may hand tasks over this way before its event loop must turn again, in
 * milliseconds: the plugin's timers and I/O are never held back longer than this plus one wait.
 */
export const CHAIN_MS = 2;

/**
 * The worker's half of its quick wake-up (see `WakeCounter`): when its last running task is
 * done, the worker waits up to `waitMs` on the host's counter with `Atomics.wait` and takes the
 * next message straight off its port. A caller that sends its next task within that time (any
 * caller running tasks one after another) does not wait for the worker's event loop to wake up
 * through the poller (Piscina's workers wait the same way, without a bound).
 *
 * The wait blocks the worker's event loop, so it is bounded twice: each wait by `waitMs`, and a
 * chain of handovers by {@link CHAIN_MS} since a message last arrived through the event loop;
 * then the worker returns to its event loop, and the plugin's timers and I/O run. Nothing waits
 * while a task is running, and a worker idle for longer sleeps in its event loop as usual.
 */
export class IdleWait {
  readonly #cells: Int32Array;
  #chainStart = Number.NEGATIVE_INFINITY;

  constructor(
    buffer: SharedArrayBuffer,
    private readonly port: MessagePort,
    private readonly waitMs: number,
    private readonly deliver: (message: unknown) => void,
    private readonly chainMs: number = CHAIN_MS,
  ) {
    this.#cells = new Int32Array(buffer);
  }

  /** A message arrived through the event loop: the loop has turned, a new chain may start. */
  turned(): void {
    this.#chainStart = performance.now();
  }

  /**
   * The worker's last running task is done: waits for the next message (within the bounds above)
   * and delivers what came, synchronously.
   */
  idle(): void {
    if (this.waitMs <= 0 || performance.now() - this.#chainStart > this.chainMs) return;
    // Read the counter before looking at the port: a message posted after this read bumps it,
    // so the wait returns at once; one posted before it is already on the port.
    const seen = Atomics.load(this.#cells, 0);
    if (this.#drain()) return;
    if (Atomics.wait(this.#cells, 0, seen, this.waitMs) !== 'timed-out') this.#drain();
  }

  /** Hands every message on the port to `deliver`; true when there was one. */
  #drain(): boolean {
    let entry = receiveMessageOnPort(this.port);
    if (entry === undefined) return false;
    while (entry !== undefined) {
      this.deliver(entry.message);
      entry = receiveMessageOnPort(this.port);
    }
    return true;
  }
}
