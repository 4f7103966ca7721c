import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createManualClock, systemClock } from '@leanvibe/core/contracts';
import { Fernet } from '@leanvibe/security';
import { PluginTestFramework } from '@leanvibe/testing';
import { pluginContract } from '@leanvibe/testing/vitest';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
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

type TaskSpec = { readonly type: string; readonly params: unknown };
type Plugin = ReturnType<typeof makeVault> | FetchPlugin;

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

/**
 * The same checks as the contract, with tasks on the system clock: these plugins wait on real
 * I/O (sockets, files), which a manual clock does not wait for before moving time on. The
 * cancellation bound is wide: it stops a hang, it measures nothing.
 */
function frameworkChecks(
  make: () => Plugin,
  task: () => TaskSpec,
  invalid: readonly unknown[],
  slowTask?: TaskSpec,
): void {
  const live: Plugin[] = [];
  const setup = () => {
    const plugin = make();
    live.push(plugin);
    return { framework: new PluginTestFramework({ clock: systemClock }), plugin };
  };
  afterEach(async () => {
    for (const plugin of live.splice(0)) if (plugin.isInitialized) await plugin.cleanup();
  });

  it('initializes within the Epic 1 budget', async () => {
    // Start-up does no I/O, so it is judged on a manual clock, as the contract judges it.
    const plugin = setup().plugin;
    const framework = new PluginTestFramework({ clock: createManualClock() });
    expect((await framework.testPluginInitialization(plugin)).errors).toEqual([]);
  });
  it('returns a result naming its plugin and task', async () => {
    const { framework, plugin } = setup();
    expect((await framework.testTaskExecution(plugin, { task: task() })).errors).toEqual([]);
  });
  it('rejects invalid params with PLUGIN_VALIDATION listing the issues', async () => {
    const { framework, plugin } = setup();
    const report = await framework.testParamsValidation(plugin, {
      type: task().type,
      invalid,
      valid: [task().params],
    });
    expect(report.errors).toEqual([]);
  });
  if (slowTask !== undefined) {
    it('honours cancellation', async () => {
      const { framework, plugin } = setup();
      expect(
        (await framework.testCancellation(plugin, { task: slowTask, withinMs: 5_000 })).errors,
      ).toEqual([]);
    });
  }
  it('cleans up idempotently, releasing what initialize took', async () => {
    const { framework, plugin } = setup();
    expect((await framework.testPluginCleanup(plugin, { tasks: [task()] })).errors).toEqual([]);
  });
}

describe('fetch', () => {
  frameworkChecks(
    () => new FetchPlugin({ seed: 1 }),
    () => ({ type: 'fetch.get', params: { url: `${service.url}/items/1` } }),
    [{}, { url: 'not a url' }, { url: 42 }],
    { type: 'fetch.get', params: { url: `${service.url}/hang` } },
  );
});

// A fixed key here; the hive derives one from a passphrase (see hive.test.ts).
const key = Fernet.generateKey();
const makeVault = () =>
  new VaultPlugin({ root: workDir, key: () => key, legacyPassword: LEGACY_SECRET.password });

describe('vault', () => {
  let files = 0;
  // Each task writes a new file: the vault never overwrites.
  frameworkChecks(
    makeVault,
    () => ({ type: 'vault', params: { op: 'seal', name: `check-${++files}.fernet`, data: 'x' } }),
    [{}, { op: 'seal', name: '', data: 'x' }, { op: 'burn', name: 'a.fernet' }],
  );
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
