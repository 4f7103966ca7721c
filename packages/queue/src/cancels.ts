/**
 * Cancel requests a worker received for jobs it was not running: a job it has just picked up is
 * not tracked until its processor starts, which looks here first. Bounded: the oldest go first.
 */
export class RecentCancels {
  readonly #ids = new Set<string>();

  constructor(private readonly max = 10_000) {}

  /** Remembers a cancel of `jobId`. */
  add(jobId: string): void {
    this.#ids.delete(jobId);
    this.#ids.add(jobId);
    if (this.#ids.size > this.max) {
      const [oldest] = this.#ids;
      if (oldest !== undefined) this.#ids.delete(oldest);
    }
  }

  /** True, once, when a cancel of `jobId` arrived. */
  take(jobId: string): boolean {
    return this.#ids.delete(jobId);
  }
}
