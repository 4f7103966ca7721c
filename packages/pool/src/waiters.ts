/** A caller waiting in `acquire`. */
export interface Waiter<T> {
  readonly resolve: (resource: T) => void;
  readonly reject: (error: unknown) => void;
  readonly priority: number;
  /** When `acquireTimeoutMs` runs out for it (clock time). */
  readonly deadline: number;
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

/**
 * The waiters, served highest `priority` first and first-come first-served within a priority:
 * a doubly linked list, so an aborted waiter leaves in O(1) and equal priorities enqueue in O(1).
 *
 * A second list, `timeline`, keeps arrival order, which is deadline order because every waiter
 * gets the same `acquireTimeoutMs`: one timer for the earliest deadline serves the whole queue,
 * instead of a timer per waiter.
 */
export class WaiterQueue<T> {
  size = 0;
  #head: Waiter<T> | undefined;
  #tail: Waiter<T> | undefined;
  #timeline: Waiter<T>[] = [];
  #timelineStart = 0;

  /** Adds `waiter` behind every waiter of the same or a higher priority. */
  push(waiter: Waiter<T>): void {
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
    this.#timeline.push(waiter);
    // Served waiters are dropped from the timeline's front lazily; compact when most are gone.
    const live = this.#timeline.length - this.#timelineStart;
    if (live > 64 && live > 4 * this.size) this.#compact();
  }

  /** Takes the first waiter out, or `undefined`. */
  shift(): Waiter<T> | undefined {
    const waiter = this.#head;
    if (waiter !== undefined) this.remove(waiter);
    return waiter;
  }

  /** The waiter that would be served next. */
  peek(): Waiter<T> | undefined {
    return this.#head;
  }

  /** Takes `waiter` out of the queue and marks it done. */
  remove(waiter: Waiter<T>): void {
    if (waiter.done) return;
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
      this.#timeline = [];
      this.#timelineStart = 0;
    }
  }

  /** The earliest deadline among waiting callers, or `undefined` when none waits. */
  nextDeadline(): number | undefined {
    const timeline = this.#timeline;
    let start = this.#timelineStart;
    while (start < timeline.length && timeline[start]!.done) start++;
    this.#timelineStart = start;
    return start < timeline.length ? timeline[start]!.deadline : undefined;
  }

  /** Removes and returns every waiter whose deadline is at or before `now`. */
  takeExpired(now: number): Waiter<T>[] {
    const expired: Waiter<T>[] = [];
    for (
      let due = this.nextDeadline();
      due !== undefined && due <= now;
      due = this.nextDeadline()
    ) {
      const waiter = this.#timeline[this.#timelineStart]!;
      this.remove(waiter);
      expired.push(waiter);
    }
    return expired;
  }

  /** Removes and returns every waiter, in queue order. */
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
