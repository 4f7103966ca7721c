/** What a policy hands to the function it runs. */
export interface PolicyContext {
  /** Aborts when the caller, a timeout, or an outer policy cancels. Never undefined. */
  readonly signal: AbortSignal;
  /** 1 for the first attempt, 2 for the first retry, and so on. */
  readonly attempt: number;
}

/** Options of one {@link Policy.execute} call. */
export interface PolicyExecuteOptions {
  /** Cancels the call; a pipeline passes each outer `ctx.signal` here. */
  readonly signal?: AbortSignal;
}

/**
 * A resilience policy (retry, breaker, timeout, bulkhead, ...): it runs `fn` under its rules.
 * `fn`'s own errors are rethrown unwrapped; a timeout rejects with `PluginTimeoutError`.
 */
export interface Policy {
  execute<T>(
    fn: (context: PolicyContext) => T | Promise<T>,
    options?: PolicyExecuteOptions,
  ): Promise<T>;
}
