import { mkdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemClock } from '@leanvibe/core/contracts';
import { Fernet } from '@leanvibe/security';
import { pluginContract } from '@leanvibe/testing/vitest';
import { afterAll, describe } from 'vitest';
import { LEGACY_SECRET } from '../src/legacy-token.js';
import { FetchPlugin } from '../src/plugins/fetch.js';
import { IngestPlugin } from '../src/plugins/ingest.js';
import { StorePlugin } from '../src/plugins/store.js';
import { VaultPlugin } from '../src/plugins/vault.js';
import { startLocalService } from './local-service.js';

const service = await startLocalService();
const workDir = await mkdtemp(join(tmpdir(), 'hive-demo-plugins-'));
afterAll(async () => {
  await service.close();
  await rm(workDir, { recursive: true, force: true });
});

// The ingest plugin only computes, so it runs the shared contract as it is, on a manual clock.
describe('ingest', () => {
  pluginContract(() => new IngestPlugin(), {
    task: { type: 'ingest.batch', params: { seed: 1, first: 1, count: 2_000, chunkSize: 500 } },
    slowTask: {
      type: 'ingest.batch',
      params: { seed: 1, first: 1, count: 1_000_000, chunkSize: 1_000 },
    },
    // Given, so the check does not run the valid params it would derive (up to a million records).
    invalidParams: [{}, { seed: 1.5, first: 1, count: 10 }, { seed: 1, first: 0, count: -1 }],
  });
});

// The fetch plugin and the vault wait on real I/O (sockets, files, key derivation), which a
// manual clock does not wait for: they run the shared contract on the system clock. The
// cancellation bound is wide: it stops a hang, it measures nothing.
describe('fetch', () => {
  pluginContract(() => new FetchPlugin({ seed: 1 }), {
    clock: () => systemClock,
    task: { type: 'fetch.get', params: { url: `${service.url}/items/1` } },
    slowTask: { type: 'fetch.get', params: { url: `${service.url}/hang` } },
    cancelWithinMs: 5_000,
    invalidParams: [{}, { url: 'not a url' }, { url: 42 }],
  });
});

// A fixed key here; the hive derives one from a passphrase (see hive.test.ts). Each vault gets
// a root of its own: a vault never overwrites, and every check writes the same file name.
const key = Fernet.generateKey();
let vaults = 0;
const makeVault = () => {
  const root = join(workDir, `vault-${++vaults}`);
  mkdirSync(root);
  return new VaultPlugin({ root, key: () => key, legacyPassword: LEGACY_SECRET.password });
};

describe('vault', () => {
  pluginContract(makeVault, {
    clock: () => systemClock,
    task: { type: 'vault', params: { op: 'seal', name: 'check.fernet', data: 'x' } },
    invalidParams: [{}, { op: 'seal', name: '', data: 'x' }, { op: 'burn', name: 'a.fernet' }],
  });
});

// SQLite through better-sqlite3 answers synchronously, so the store runs the shared contract too.
describe('store', () => {
  let databases = 0;
  pluginContract(() => new StorePlugin({ file: join(workDir, `contract-${++databases}.sqlite`) }), {
    task: {
      type: 'store',
      params: { op: 'put', rows: [{ kind: 'fetch', key: 'items/1', value: '{}' }] },
    },
  });
});
