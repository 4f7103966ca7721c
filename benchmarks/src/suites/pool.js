// @leanvibe/pool against generic-pool and tarn: acquire + release at `max: 10`, with one
// borrower and with 100 concurrent borrowers, and the cold import against generic-pool's.
import { createPool } from '@leanvibe/pool';
import genericPool from 'generic-pool';
import tarn from 'tarn';
import { coldImportComparison } from '../cold-import.js';
import { compare, record } from '../harness.js';

export const title = '@leanvibe/pool';

const MAX = 10;
const BORROWERS = 100;
let next = 0;
const makeResource = () => ({ id: ++next });

/** Each pool with its defaults; generic-pool optionally with the 30 s acquire timeout the others have. */
const pools = {
  ours: {
    name: '@leanvibe/pool',
    // Defaults include acquireTimeoutMs 30 s and idleTimeoutMs 30 s.
    open: () => createPool({ create: makeResource, max: MAX }),
    acquire: (pool) => pool.acquire(),
    release: (pool, resource) => pool.release(resource),
    close: (pool) => pool.close(),
  },
  generic: (acquireTimeoutMillis) => ({
    name: acquireTimeoutMillis === undefined ? 'generic-pool' : 'generic-pool (30 s timeout)',
    open: () =>
      genericPool.createPool(
        { create: async () => makeResource(), destroy: async () => {} },
        { max: MAX, ...(acquireTimeoutMillis === undefined ? {} : { acquireTimeoutMillis }) },
      ),
    acquire: (pool) => pool.acquire(),
    release: (pool, resource) => pool.release(resource),
    close: async (pool) => {
      await pool.drain();
      await pool.clear();
    },
  }),
  tarn: {
    name: 'tarn',
    // tarn always has an acquire timeout (30 s by default).
    open: () =>
      new tarn.Pool({
        create: (callback) => callback(null, makeResource()),
        destroy: () => {},
        min: 0,
        max: MAX,
      }),
    acquire: (pool) => pool.acquire().promise,
    release: (pool, resource) => {
      pool.release(resource);
    },
    close: (pool) => pool.destroy(),
  },
};

/** A contender whose `fn` runs `width` concurrent borrowers, each one acquire + release. */
function contender(spec, width) {
  let pool;
  const once = async () => {
    const resource = await spec.acquire(pool);
    await spec.release(pool, resource);
  };
  const fn =
    width === 1
      ? once
      : () => {
          const all = new Array(width);
          for (let i = 0; i < width; i++) all[i] = once();
          return Promise.all(all);
        };
  return {
    name: spec.name,
    fn,
    setup: async () => {
      pool = spec.open();
      // Fill the pool first, so every contender measures lending, not creating.
      const warm = await Promise.all(Array.from({ length: MAX }, () => spec.acquire(pool)));
      for (const resource of warm) await spec.release(pool, resource);
    },
    teardown: () => spec.close(pool),
  };
}

export async function run() {
  await compare(`acquire+release, max ${MAX}, 1 borrower`, contender(pools.ours, 1), [
    contender(pools.generic(), 1),
    contender(pools.tarn, 1),
  ]);
  await compare(
    `acquire+release ×${BORROWERS} concurrent, max ${MAX}`,
    contender(pools.ours, BORROWERS),
    [contender(pools.generic(), BORROWERS), contender(pools.tarn, BORROWERS)],
  );
  await compare(`same, every pool with a 30 s acquire timeout`, contender(pools.ours, BORROWERS), [
    contender(pools.generic(30_000), BORROWERS),
  ]);
  record(
    coldImportComparison(
      'cold import @leanvibe/pool vs generic-pool (ESM)',
      '@leanvibe/pool',
      'generic-pool',
    ),
  );
  record(
    coldImportComparison(
      'cold import @leanvibe/pool vs generic-pool (CJS)',
      '@leanvibe/pool',
      'generic-pool',
      'require',
    ),
  );
}
