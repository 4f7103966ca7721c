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

function ours() {
  return createPool({ create: makeResource, max: MAX });
}

function generic() {
  return genericPool.createPool(
    { create: async () => makeResource(), destroy: async () => {} },
    { max: MAX },
  );
}

function tarnPool() {
  return new tarn.Pool({
    create: (callback) => callback(null, makeResource()),
    destroy: () => {},
    min: 0,
    max: MAX,
  });
}

/** One contender: `fn` does `width` concurrent acquire+release loops on its pool. */
function contender(name, open, acquire, release, close, width) {
  let pool;
  const once = async () => {
    const resource = await acquire(pool);
    await release(pool, resource);
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
    name,
    fn,
    setup: async () => {
      pool = open();
      // Fill the pool so every contender measures lending, not creating.
      const warm = await Promise.all(Array.from({ length: MAX }, () => acquire(pool)));
      for (const resource of warm) await release(pool, resource);
    },
    teardown: () => close(pool),
  };
}

function contenders(width) {
  return [
    contender(
      '@leanvibe/pool',
      ours,
      (pool) => pool.acquire(),
      (pool, resource) => pool.release(resource),
      (pool) => pool.close(),
      width,
    ),
    [
      contender(
        'generic-pool',
        generic,
        (pool) => pool.acquire(),
        (pool, resource) => pool.release(resource),
        async (pool) => {
          await pool.drain();
          await pool.clear();
        },
        width,
      ),
      contender(
        'tarn',
        tarnPool,
        (pool) => pool.acquire().promise,
        (pool, resource) => {
          pool.release(resource);
        },
        (pool) => pool.destroy(),
        width,
      ),
    ],
  ];
}

export async function run() {
  const [single, singlePeers] = contenders(1);
  await compare(`acquire+release, max ${MAX}, 1 borrower`, single, singlePeers);
  const [many, manyPeers] = contenders(BORROWERS);
  await compare(`acquire+release ×${BORROWERS} concurrent, max ${MAX}`, many, manyPeers);
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
