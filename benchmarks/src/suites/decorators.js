import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { cachedResult, performanceTracked } from '@leanvibe/decorators';
import { LRUCache } from 'lru-cache';
import { coldImportComparison } from '../cold-import.js';
import { compare, record, results } from '../harness.js';

export const title = '@leanvibe/decorators';

// Plain JavaScript cannot use decorator syntax on Node 20, so decorators are applied the way
// legacy `experimentalDecorators` output does: (prototype, name, descriptor) → descriptor.
function decorate(Class, name, decorator) {
  let owner = Class.prototype;
  while (!Object.hasOwn(owner, name)) owner = Object.getPrototypeOf(owner);
  const descriptor = Object.getOwnPropertyDescriptor(owner, name);
  Object.defineProperty(Class.prototype, name, decorator(Class.prototype, name, descriptor));
}

function cachedInstance(options) {
  class Repo {
    get(key) {
      return `value of ${key}`;
    }
  }
  decorate(Repo, 'get', cachedResult(options));
  const repo = new Repo();
  repo.get('k');
  return repo;
}

function lru(options) {
  const cache = new LRUCache(options);
  cache.set('k', 'value of k');
  return cache;
}

async function cacheHits() {
  const withTtl = cachedInstance({ ttlMs: 60_000, maxSize: 1_000 });
  const bareWithTtl = lru({ max: 1_000, ttl: 60_000 });
  await compare(
    'cachedResult hit (ttl 60 s)',
    { name: 'cachedResult', fn: () => withTtl.get('k') },
    [{ name: 'LRUCache#get (ttl 60 s)', fn: () => bareWithTtl.get('k') }],
  );
  const noTtl = cachedInstance({ ttlMs: Infinity, maxSize: 1_000 });
  const bare = lru({ max: 1_000 });
  await compare('cachedResult hit (no ttl)', { name: 'cachedResult', fn: () => noTtl.get('k') }, [
    { name: 'LRUCache#get', fn: () => bare.get('k') },
  ]);
}

async function trackingOverhead() {
  // A sink that does the least work possible, so the figure is the decorator's own cost.
  let observations = 0;
  const sink = {
    counter: () => {},
    gauge: () => {},
    histogram: () => {
      observations++;
    },
  };
  class Plain {
    async run() {
      return 1;
    }
    runSync() {
      return 1;
    }
  }
  class Tracked extends Plain {}
  class Unobserved extends Plain {}
  decorate(Tracked, 'run', performanceTracked({ metrics: sink }));
  decorate(Tracked, 'runSync', performanceTracked({ metrics: sink }));
  decorate(Unobserved, 'run', performanceTracked());
  const plain = new Plain();
  const tracked = new Tracked();
  const unobserved = new Unobserved();
  for (const [row, ours, bare] of [
    ['performanceTracked, trivial async method', () => tracked.run(), () => plain.run()],
    ['performanceTracked, trivial sync method', () => tracked.runSync(), () => plain.runSync()],
    [
      'performanceTracked, async, no sink (not measured)',
      () => unobserved.run(),
      () => plain.run(),
    ],
  ]) {
    await compare(row, { name: 'performanceTracked', fn: ours }, [
      { name: 'undecorated', fn: bare },
    ]);
    const last = results().at(-1);
    record({ row: '  → overhead per call', ours: last.ours - last.peerNs });
  }
  if (observations === 0) throw new Error('the tracked methods recorded nothing');
}

/** The packages a fresh CommonJS `require` of ours loads (the ESM graph has the same imports). */
function loadedPackages() {
  const script = `const { dirname, join } = require('node:path');
const { existsSync, readFileSync } = require('node:fs');
require('@leanvibe/decorators');
const owner = (file) => {
  for (let dir = dirname(file); dir !== dirname(dir); dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    const name = existsSync(manifest) ? JSON.parse(readFileSync(manifest, 'utf8')).name : undefined;
    if (name !== undefined) return name;
  }
  return file;
};
process.stdout.write([...new Set(Object.keys(require.cache).map(owner))].sort().join(' '));`;
  return execFileSync(process.execPath, ['-e', script], {
    cwd: fileURLToPath(new URL('../..', import.meta.url)),
    encoding: 'utf8',
  }).split(' ');
}

export async function run() {
  await cacheHits();
  await trackingOverhead();
  record(
    coldImportComparison('cold import vs lru-cache (ESM)', '@leanvibe/decorators', 'lru-cache'),
  );
  record(
    coldImportComparison(
      'cold import vs lru-cache (CJS)',
      '@leanvibe/decorators',
      'lru-cache',
      'require',
    ),
  );
  const loaded = loadedPackages();
  const heavy = loaded.filter((name) => name === 'zod' || name === 'pino');
  if (heavy.length > 0) throw new Error(`@leanvibe/decorators loads ${heavy.join(' and ')}`);
  record({ row: 'import graph (no zod, no pino)', ours: undefined, note: loaded.join(', ') });
}
