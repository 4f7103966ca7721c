import { abortReason, type Clock, onAbort, type TimerHandle } from '@leanvibe/core/contracts';

/** A caller waiting in `acquire`. */
export interface Waiter<T> {
  readonly resolve: (resource: T) => void;
  readonly reject: (error: unknown) => void;
  readonly priority: number;
  /** When `acquireTimeoutMs` runs out for it (clock time). */
  readonly deadline: number;
  /** When it started waiting; `NaN` when nobody needed to know. */
  readonly enqueuedAt: number;
  /** The stack of the `acquire` call, kept only when `leaseTimeoutMs` is set. */
  readonly stack: string | undefined;
  /** Removes the abort listener, if any. */
  unlink: (() => void) | undefined;
  /** Set once it left the queue (served, aborted, timed out, rejected). */
  done: boolean;
  prev: Waiter<T> | undefined;
  next: Waiter<T> | undefined;
}

// One executor for every waiter's promise: it hands out resolve/reject without a closure per call.
const captured: { resolve: (value: unknown) => void; reject: (reason: unknown) => void } = {
  resolve: () => {},
  reject: () => {},
};
function capture(resolve: (value: unknown) => void, reject: (reason: unknown) => void): void {
  captured.resolve = resolve;
  captured.reject = reject;
}

/** What the queue tells its pool. */
export interface WaiterQueueHooks<T> {
  /** `waiter` ran out of `acquireTimeoutMs` and left the queue: reject it. */
  timedOut(waiter: Waiter<T>): void;
  /** Waiters left on their own (aborted, timed out). */
  left(): void;
}

/**
 * The waiters, served highest `priority` first and first-come first-served within a priority:
 * a doubly linked list, so an aborted waiter leaves in O(1) and equal priorities enqueue in O(1).
 *
 * Arrival order is deadline order, because every waiter gets the same `acquireTimeoutMs`: one
 * timer for the earliest deadline serves the whole queue, instead of a timer per waiter. While
 * all queued waiters share a priority, the list itself is in arrival order; once priorities
 * mix, a second list, `timeline`, keeps arrival order.
 */
export class WaiterQueue<T> {
  size = 0;
  readonly #clock: Clock;
  readonly #timeoutMs: number;
  readonly #hooks: WaiterQueueHooks<T>;
  #timer: TimerHandle | undefined;
  #head: Waiter<T> | undefined;
  #tail: Waiter<T> | undefined;
  /** Whether waiters of different priorities are queued; only then is `timeline` kept. */
  #mixed = false;
  #timeline: Waiter<T>[] = [];
  #timelineStart = 0;

  constructor(clock: Clock, timeoutMs: number, hooks: WaiterQueueHooks<T>) {
    this.#clock = clock;
    this.#timeoutMs = timeoutMs;
    this.#hooks = hooks;
  }

  /**
   * Queues a caller and returns its promise. It leaves the queue when served (`shift`), when
   * `signal` aborts (rejecting with the reason) or when `acquireTimeoutMs` runs out. `stamp`
   * asks for `enqueuedAt` even without a deadline (someone measures waits).
   */
  enqueue(
    priority: number,
    stack: string | undefined,
    signal: AbortSignal | undefined,
    stamp: boolean,
  ): Promise<T> {
    const promise = new Promise<T>(capture as (resolve: (value: T) => void) => void);
    // Reading the clock is a real share of a wait's cost: skip it when no deadline needs it.
    const now =
      stamp || this.#timeoutMs !== Number.POSITIVE_INFINITY ? this.#clock.now() : Number.NaN;
    const waiter: Waiter<T> = {
      resolve: captured.resolve as (resource: T) => void,
      reject: captured.reject,
      priority,
      deadline: now + this.#timeoutMs,
      enqueuedAt: now,
      stack,
      unlink: undefined,
      done: false,
      prev: undefined,
      next: undefined,
    };
    this.#push(waiter);
    if (signal !== undefined) {
      waiter.unlink = onAbort(signal, () => {
        if (waiter.done) return;
        this.#remove(waiter);
        waiter.reject(abortReason(signal));
        this.#hooks.left();
      });
    }
    if (this.#timer === undefined && this.#timeoutMs !== Number.POSITIVE_INFINITY) {
      this.#arm(waiter.deadline);
    }
    return promise;
  }

  /** Adds `waiter` behind every waiter of the same or a higher priority. */
  #push(waiter: Waiter<T>): void {
    if (!this.#mixed && this.size > 0 && this.#head!.priority !== waiter.priority) {
      // Until now list order was arrival order; from here on, keep arrival order apart.
      this.#mixed = true;
      this.#timeline = [];
      for (let w = this.#head; w !== undefined; w = w.next) this.#timeline.push(w);
      this.#timelineStart = 0;
    }
    let after = this.#tail;
    while (after !== undefined && after.priority < waiter.priority) after = after.prev;
    const before = after === undefined ? this.#head : after.next;
    waiter.prev = after;
    waiter.next = before;
    if (after === undefined) this.#head = waiter;
    else after.next = waiter;
    if (before === undefined) this.#tail = waiter;
    else before.prev = waiter;
    this.size++;
    if (!this.#mixed) return;
    this.#timeline.push(waiter);
    // Served waiters are dropped from the timeline's front lazily; compact when most are gone.
    const live = this.#timeline.length - this.#timelineStart;
    if (live > 64 && live > 4 * this.size) this.#compact();
  }

  /** Takes the first waiter out (its abort listener removed), or `undefined`. */
  shift(): Waiter<T> | undefined {
    const waiter = this.#head;
    if (waiter === undefined) return undefined;
    this.#remove(waiter);
    waiter.unlink?.();
    return waiter;
  }

  /** Takes `waiter` out of the queue and marks it done; the last one out clears the timer. */
  #remove(waiter: Waiter<T>): void {
    waiter.done = true;
    const { prev, next } = waiter;
    if (prev === undefined) this.#head = next;
    else prev.next = next;
    if (next === undefined) this.#tail = prev;
    else next.prev = prev;
    waiter.prev = undefined;
    waiter.next = undefined;
    this.size--;
    if (this.size === 0) {
      if (this.#mixed) {
        this.#mixed = false;
        this.#timeline = [];
        this.#timelineStart = 0;
      }
      if (this.#timer !== undefined) {
        this.#clock.clearTimeout(this.#timer);
        this.#timer = undefined;
      }
    }
  }

  #arm(deadline: number): void {
    const delay = Math.max(0, deadline - this.#clock.now());
    this.#timer = this.#clock.setTimeout(this.#expire, delay);
  }

  readonly #expire = (): void => {
    this.#timer = undefined;
    const now = this.#clock.now();
    for (let due = this.#nextDeadline(); due !== undefined && due <= now; ) {
      const waiter = this.#mixed ? this.#timeline[this.#timelineStart]! : this.#head!;
      this.#remove(waiter);
      waiter.unlink?.();
      this.#hooks.timedOut(waiter);
      due = this.#nextDeadline();
    }
    const next = this.#nextDeadline();
    if (next !== undefined) this.#arm(next);
    this.#hooks.left();
  };

  /** The earliest deadline among waiting callers, or `undefined` when none waits. */
  #nextDeadline(): number | undefined {
    if (!this.#mixed) return this.#head?.deadline;
    const timeline = this.#timeline;
    let start = this.#timelineStart;
    while (start < timeline.length && timeline[start]!.done) start++;
    this.#timelineStart = start;
    return start < timeline.length ? timeline[start]!.deadline : undefined;
  }

  /** Removes and returns every waiter (abort listeners removed), in queue order. */
  takeAll(): Waiter<T>[] {
    const all: Waiter<T>[] = [];
    for (let waiter = this.shift(); waiter !== undefined; waiter = this.shift()) all.push(waiter);
    return all;
  }

  #compact(): void {
    this.#timeline = this.#timeline.slice(this.#timelineStart).filter((waiter) => !waiter.done);
    this.#timelineStart = 0;
  }
}
