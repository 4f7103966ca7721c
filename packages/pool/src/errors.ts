import {
  brandError,
  createErrorGuard,
  describeValue,
  LeanVibeError,
  type LeanVibeErrorOptions,
} from '@leanvibe/core/contracts';

/** The base of every error a pool raises; check with {@link isPoolError}. */
export class PoolError extends LeanVibeError {
  static {
    brandError(this, 'PoolError');
  }
  /** The `name` option of the pool that raised it. */
  readonly pool: string;

  constructor(code: string, pool: string, message: string, options: LeanVibeErrorOptions = {}) {
    super(code, message, options);
    this.pool = pool;
  }
}

/** `acquire` (or `lease`, `use`) on a pool that is draining or closed. Code `POOL_CLOSED`. */
export class PoolClosedError extends PoolError {
  static {
    brandError(this, 'PoolClosedError');
  }

  constructor(pool: string, message = `pool "${pool}" is closed`) {
    super('POOL_CLOSED', pool, message);
  }
}

/** `acquire` found `maxWaiting` callers already waiting. Code `POOL_QUEUE_FULL`. */
export class PoolQueueFullError extends PoolError {
  static {
    brandError(this, 'PoolQueueFullError');
  }
  /** The `maxWaiting` option that was reached. */
  readonly maxWaiting: number;

  constructor(pool: string, maxWaiting: number) {
    super(
      'POOL_QUEUE_FULL',
      pool,
      `pool "${pool}" has ${maxWaiting} callers waiting already (maxWaiting)`,
      { details: { maxWaiting } },
    );
    this.maxWaiting = maxWaiting;
  }
}

/** No resource became available within `acquireTimeoutMs`. Code `POOL_ACQUIRE_TIMEOUT`. */
export class PoolAcquireTimeoutError extends PoolError {
  static {
    brandError(this, 'PoolAcquireTimeoutError');
  }
  /** The `acquireTimeoutMs` that ran out. */
  readonly timeoutMs: number;

  constructor(pool: string, timeoutMs: number, details: Readonly<Record<string, number>>) {
    const { size, max, borrowed, pending } = details;
    super(
      'POOL_ACQUIRE_TIMEOUT',
      pool,
      `acquire from pool "${pool}" timed out after ${timeoutMs} ms ` +
        `(${size} of max ${max} resources, ${borrowed} borrowed, ${pending} waiting)`,
      { details: { timeoutMs, ...details } },
    );
    this.timeoutMs = timeoutMs;
  }
}

/**
 * `create` failed on every attempt (the first and each retry). `cause` is the factory's last
 * error. Code `POOL_CREATE_FAILED`.
 */
export class PoolCreateError extends PoolError {
  static {
    brandError(this, 'PoolCreateError');
  }
  /** How many times `create` was called before giving up. */
  readonly attempts: number;

  constructor(pool: string, attempts: number, cause: Error) {
    super(
      'POOL_CREATE_FAILED',
      pool,
      `pool "${pool}" could not create a resource after ${attempts} attempt${attempts === 1 ? '' : 's'}: ${cause.message}`,
      { cause, details: { attempts } },
    );
    this.attempts = attempts;
  }
}

/** Why a release (or a destroy) was refused. */
export type PoolReleaseProblem = 'not-lent' | 'not-borrowed' | 'lease-ended';

/**
 * `release` or `destroy` of a resource that is not currently lent: released twice, never lent
 * by this pool, or through a lease that already ended. The pool is left untouched. Code
 * `POOL_RELEASE_INVALID`.
 */
export class PoolReleaseError extends PoolError {
  static {
    brandError(this, 'PoolReleaseError');
  }
  /** What was wrong. */
  readonly problem: PoolReleaseProblem;

  constructor(pool: string, problem: PoolReleaseProblem, message: string) {
    super('POOL_RELEASE_INVALID', pool, message, { details: { problem } });
    this.problem = problem;
  }
}

/** A single `create` call took longer than `createTimeoutMs`; the `cause` of a {@link PoolCreateError}. */
export class PoolCreateTimeoutError extends PoolError {
  static {
    brandError(this, 'PoolCreateTimeoutError');
  }
  /** The `createTimeoutMs` that ran out. */
  readonly timeoutMs: number;

  constructor(pool: string, timeoutMs: number) {
    super('POOL_CREATE_TIMEOUT', pool, `create timed out after ${timeoutMs} ms`, {
      details: { timeoutMs },
    });
    this.timeoutMs = timeoutMs;
  }
}

/** A `destroy` call took longer than `destroyTimeoutMs`; reported by the `destroyError` event. */
export class PoolDestroyTimeoutError extends PoolError {
  static {
    brandError(this, 'PoolDestroyTimeoutError');
  }
  /** The `destroyTimeoutMs` that ran out. */
  readonly timeoutMs: number;

  constructor(pool: string, timeoutMs: number) {
    super('POOL_DESTROY_TIMEOUT', pool, `destroy timed out after ${timeoutMs} ms`, {
      details: { timeoutMs },
    });
    this.timeoutMs = timeoutMs;
  }
}

/** True for any error raised by a pool, from any installed copy. */
export const isPoolError = createErrorGuard<PoolError>('PoolError');
/** True for a {@link PoolClosedError} (`POOL_CLOSED`), from any installed copy. */
export const isPoolClosedError = createErrorGuard<PoolClosedError>('PoolClosedError');
/** True for a {@link PoolQueueFullError} (`POOL_QUEUE_FULL`), from any installed copy. */
export const isPoolQueueFullError = createErrorGuard<PoolQueueFullError>('PoolQueueFullError');
/** True for a {@link PoolAcquireTimeoutError} (`POOL_ACQUIRE_TIMEOUT`), from any installed copy. */
export const isPoolAcquireTimeoutError =
  createErrorGuard<PoolAcquireTimeoutError>('PoolAcquireTimeoutError');
/** True for a {@link PoolCreateError} (`POOL_CREATE_FAILED`), from any installed copy. */
export const isPoolCreateError = createErrorGuard<PoolCreateError>('PoolCreateError');
/** True for a {@link PoolReleaseError} (`POOL_RELEASE_INVALID`), from any installed copy. */
export const isPoolReleaseError = createErrorGuard<PoolReleaseError>('PoolReleaseError');
/** True for a {@link PoolCreateTimeoutError} (`POOL_CREATE_TIMEOUT`), from any installed copy. */
export const isPoolCreateTimeoutError =
  createErrorGuard<PoolCreateTimeoutError>('PoolCreateTimeoutError');
/** True for a {@link PoolDestroyTimeoutError} (`POOL_DESTROY_TIMEOUT`), from any installed copy. */
export const isPoolDestroyTimeoutError =
  createErrorGuard<PoolDestroyTimeoutError>('PoolDestroyTimeoutError');

/** The error `acquire` rejects with once the pool drains or closed. */
export function closedError(pool: string, draining: boolean): PoolClosedError {
  return draining
    ? new PoolClosedError(pool, `pool "${pool}" is draining and lends no more`)
    : new PoolClosedError(pool);
}

/** The error a refused `release` or `destroy` rejects with. */
export function releaseError(
  pool: string,
  resource: unknown,
  known: boolean,
  action: string,
): PoolReleaseError {
  return known
    ? new PoolReleaseError(
        pool,
        'not-borrowed',
        `cannot ${action} a resource of pool "${pool}" that is not out on loan (released twice?)`,
      )
    : new PoolReleaseError(
        pool,
        'not-lent',
        `cannot ${action} ${describeValue(resource)}: pool "${pool}" did not lend it, or it was destroyed`,
      );
}
