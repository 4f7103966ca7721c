import { createManualClock, type ManualClock } from '@leanvibe/core/contracts';
import { createPool, type Pool, type PoolOptions } from '../src/index.js';

/** A resource made by {@link factory}. */
export interface Resource {
  readonly id: number;
}

/** A factory that counts what it made and what was destroyed, and can be told to fail. */
export interface Factory {
  readonly created: Resource[];
  readonly destroyed: Resource[];
  failNext: number;
  create(signal: AbortSignal): Promise<Resource>;
  destroy(resource: Resource): Promise<void>;
}

export function factory(): Factory {
  const made: Factory = {
    created: [],
    destroyed: [],
    failNext: 0,
    async create() {
      if (made.failNext > 0) {
        made.failNext--;
        throw new Error('connection refused');
      }
      const resource = { id: made.created.length + 1 };
      made.created.push(resource);
      return resource;
    },
    async destroy(resource) {
      made.destroyed.push(resource);
    },
  };
  return made;
}

/** A pool on a manual clock over a counting factory. */
export function setup(options: Partial<PoolOptions<Resource>> = {}): {
  pool: Pool<Resource>;
  clock: ManualClock;
  made: Factory;
} {
  const clock = createManualClock();
  const made = factory();
  const pool = createPool<Resource>({
    create: (signal) => made.create(signal),
    destroy: (resource) => made.destroy(resource),
    clock,
    ...options,
  });
  return { pool, clock, made };
}

/** Settles when the promise does, recording how; never rejects. */
export function track<T>(promise: Promise<T>): {
  readonly settled: boolean;
  readonly value: T | undefined;
  readonly error: unknown;
} {
  const state = { settled: false, value: undefined as T | undefined, error: undefined as unknown };
  promise.then(
    (value) => {
      state.settled = true;
      state.value = value;
    },
    (error: unknown) => {
      state.settled = true;
      state.error = error;
    },
  );
  return state;
}
