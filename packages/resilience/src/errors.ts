import { brandError, createErrorGuard, LeanVibeError } from '@leanvibe/core/contracts';

/** Options shared by the errors of this package. */
export interface ResilienceErrorOptions {
  /** The name of the policy that refused the call (its `name` option). */
  readonly policyName?: string;
  /** The error that caused this one. */
  readonly cause?: unknown;
}

/**
 * A circuit breaker is open (or half-open with every probe slot taken) and refused the call
 * without running it. Code `CIRCUIT_OPEN`.
 */
export class BrokenCircuitError extends LeanVibeError {
  static {
    brandError(this, 'BrokenCircuitError');
  }
  /** The breaker's name, when it has one. */
  readonly policyName: string | undefined;
  /** Milliseconds until the breaker admits a probe again; 0 when it is half-open and busy. */
  readonly retryAfterMs: number;

  constructor(
    message: string,
    options: ResilienceErrorOptions & { readonly retryAfterMs: number },
  ) {
    super('CIRCUIT_OPEN', message, {
      cause: options.cause,
      details: { policyName: options.policyName, retryAfterMs: options.retryAfterMs },
    });
    this.policyName = options.policyName;
    this.retryAfterMs = options.retryAfterMs;
  }
}

/** A circuit breaker was isolated by hand (`isolate()`) and refused the call. Code `CIRCUIT_ISOLATED`. */
export class IsolatedCircuitError extends LeanVibeError {
  static {
    brandError(this, 'IsolatedCircuitError');
  }
  /** The breaker's name, when it has one. */
  readonly policyName: string | undefined;

  constructor(message: string, options: ResilienceErrorOptions = {}) {
    super('CIRCUIT_ISOLATED', message, {
      cause: options.cause,
      details: { policyName: options.policyName },
    });
    this.policyName = options.policyName;
  }
}

/** A bulkhead had every slot and queue place taken and refused the call. Code `BULKHEAD_REJECTED`. */
export class BulkheadRejectedError extends LeanVibeError {
  static {
    brandError(this, 'BulkheadRejectedError');
  }
  /** The bulkhead's name, when it has one. */
  readonly policyName: string | undefined;
  /** The bulkhead's `concurrency`. */
  readonly concurrency: number;
  /** The bulkhead's `queue` size. */
  readonly queue: number;

  constructor(
    message: string,
    options: ResilienceErrorOptions & { readonly concurrency: number; readonly queue: number },
  ) {
    super('BULKHEAD_REJECTED', message, {
      cause: options.cause,
      details: {
        policyName: options.policyName,
        concurrency: options.concurrency,
        queue: options.queue,
      },
    });
    this.policyName = options.policyName;
    this.concurrency = options.concurrency;
    this.queue = options.queue;
  }
}

/** A rate limiter had no token for the call (and was told not to wait). Code `RATE_LIMITED`. */
export class RateLimitedError extends LeanVibeError {
  static {
    brandError(this, 'RateLimitedError');
  }
  /** The limiter's name, when it has one. */
  readonly policyName: string | undefined;
  /** Milliseconds until a token is available: a ready `Retry-After` for `retry({ delayFor })`. */
  readonly retryAfterMs: number;

  constructor(
    message: string,
    options: ResilienceErrorOptions & { readonly retryAfterMs: number },
  ) {
    super('RATE_LIMITED', message, {
      cause: options.cause,
      details: { policyName: options.policyName, retryAfterMs: options.retryAfterMs },
    });
    this.policyName = options.policyName;
    this.retryAfterMs = options.retryAfterMs;
  }
}

/** True for a {@link BrokenCircuitError}, from any installed copy of this package. */
export const isBrokenCircuitError = createErrorGuard<BrokenCircuitError>('BrokenCircuitError');
/** True for an {@link IsolatedCircuitError}, from any installed copy of this package. */
export const isIsolatedCircuitError =
  createErrorGuard<IsolatedCircuitError>('IsolatedCircuitError');
/** True for a {@link BulkheadRejectedError}, from any installed copy of this package. */
export const isBulkheadRejectedError =
  createErrorGuard<BulkheadRejectedError>('BulkheadRejectedError');
/** True for a {@link RateLimitedError}, from any installed copy of this package. */
export const isRateLimitedError = createErrorGuard<RateLimitedError>('RateLimitedError');
