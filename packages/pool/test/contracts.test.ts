// The shared ResourcePool contract suite of @leanvibe/testing, run on createPool.
import { resourcePoolContract } from '@leanvibe/testing/vitest';
import { createPool } from '../src/index.js';

resourcePoolContract(
  'createPool',
  ({ create, destroy, max, clock }) => createPool({ create: () => create(), destroy, max, clock }),
  { close: (pool) => pool.close() },
);

resourcePoolContract(
  'createPool with validation, a minimum and idle eviction',
  ({ create, destroy, max, clock }) =>
    createPool({
      create: () => create(),
      destroy,
      validate: (resource) => resource.id > 0,
      min: 1,
      max,
      idleTimeoutMs: 1_000,
      clock,
    }),
  { close: (pool) => pool.close() },
);
