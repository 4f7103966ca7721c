import type { BreakerEvent } from './follow.js';

/** What the run knows about one worker. */
export interface WorkerFigures {
  readonly index: number;
  pid: number | undefined;
  /** Tasks it finished (each counted once, however often it ran one). */
  completed: number;
  /** Tasks it runs now. */
  running: number;
  /** The demo sent it SIGKILL. */
  killed: boolean;
  /** After how many finished tasks (fleet-wide) it was killed. */
  killedAfter: number | undefined;
  /** It exited on its own (not killed by the demo, not at the end of the run). */
  crashed: boolean;
  /** Its process is gone. */
  exited: boolean;
}

/**
 * The run's record of who ran what, from the workers' reports: which worker started each task
 * (so a task run twice, as BullMQ's at-least-once delivery allows, shows), which finished it,
 * whether its result was stored, and every circuit change.
 */
export class Ledger {
  readonly workers: WorkerFigures[];
  readonly breakerEvents: BreakerEvent[] = [];
  /** Heap after GC at the end of each ingest batch, by task id. */
  readonly heapAfterGcMb = new Map<string, number>();
  readonly #starts = new Map<string, number[]>();
  readonly #finishedBy = new Map<string, number>();
  readonly #stored = new Set<string>();
  readonly #active = new Map<number, Set<string>>();

  constructor(count: number) {
    this.workers = Array.from({ length: count }, (_, i) => ({
      index: i + 1,
      pid: undefined,
      completed: 0,
      running: 0,
      killed: false,
      killedAfter: undefined,
      crashed: false,
      exited: false,
    }));
    for (const worker of this.workers) this.#active.set(worker.index, new Set());
  }

  /** Tasks finished fleet-wide, each counted once. */
  get finishedTasks(): number {
    return this.#finishedBy.size;
  }

  worker(index: number): WorkerFigures {
    return this.workers[index - 1]!;
  }

  recordStart(index: number, id: string): void {
    const starts = this.#starts.get(id) ?? [];
    starts.push(index);
    this.#starts.set(id, starts);
    this.#active.get(index)!.add(id);
    this.worker(index).running = this.#active.get(index)!.size;
  }

  recordFinish(index: number, id: string, stored: boolean, heapAfterGcMb?: number): void {
    this.#active.get(index)!.delete(id);
    const worker = this.worker(index);
    worker.running = this.#active.get(index)!.size;
    if (!this.#finishedBy.has(id)) {
      this.#finishedBy.set(id, index);
      worker.completed++;
    }
    if (stored) this.#stored.add(id);
    if (heapAfterGcMb !== undefined) this.heapAfterGcMb.set(id, heapAfterGcMb);
  }

  /** The worker's process is gone: what it ran is no longer running anywhere. */
  recordExit(index: number): void {
    this.#active.get(index)!.clear();
    const worker = this.worker(index);
    worker.running = 0;
    worker.exited = true;
  }

  wasStored(id: string): boolean {
    return this.#stored.has(id);
  }

  /** Task ids started more than once: by two workers, or twice by one. */
  executedTwice(): string[] {
    return [...this.#starts].filter(([, starts]) => starts.length > 1).map(([id]) => id);
  }

  /** The live worker running the most tasks now (the lowest index among equals). */
  busiest(): WorkerFigures | undefined {
    let best: WorkerFigures | undefined;
    for (const worker of this.workers) {
      if (worker.exited || worker.killed) continue;
      if (best === undefined || worker.running > best.running) best = worker;
    }
    return best;
  }

  /** Workers still running. */
  alive(): number {
    return this.workers.filter((w) => !w.exited && !w.killed).length;
  }
}
