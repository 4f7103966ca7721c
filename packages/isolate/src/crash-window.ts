/** Counts crashes in a sliding window and says how long to wait before the next restart. */
export class CrashWindow {
  #times: number[] = [];

  constructor(
    private readonly max: number,
    private readonly windowMs: number,
    private readonly baseDelayMs: number,
    private readonly maxDelayMs: number,
  ) {}

  /** Records a crash at `now`; true when it makes too many within the window. */
  record(now: number): boolean {
    this.#times = this.#times.filter((t) => now - t < this.windowMs);
    this.#times.push(now);
    return this.#times.length >= this.max;
  }

  /** The backoff before the next restart: the base delay doubled for each recent crash. */
  delayMs(): number {
    const recent = Math.max(0, this.#times.length - 1);
    return Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** recent);
  }

  /** Crashes currently counted. */
  get count(): number {
    return this.#times.length;
  }
}
