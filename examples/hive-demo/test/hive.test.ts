import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPermissionChecker } from '@leanvibe/security';
import { createTestHost, type TestHost } from '@leanvibe/testing';
import '@leanvibe/testing/vitest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowFor } from '../src/distributed/rows.js';
import { startFlakyServer } from '../src/flaky-server.js';
import { hiveGrants } from '../src/hive.js';
import { LEGACY_SECRET } from '../src/legacy-token.js';
import { METADATA_URL } from '../src/phases/fetch.js';
import { FetchPlugin } from '../src/plugins/fetch.js';
import { IngestPlugin } from '../src/plugins/ingest.js';
import { StorePlugin } from '../src/plugins/store.js';
import { derivedKey, VaultPlugin } from '../src/plugins/vault.js';

// The hive's plugins in a test host, with the demo's real permission grants.

let workDir: string;
let vaultRoot: string;
let testHost: TestHost;
let fetch: FetchPlugin;
let store: StorePlugin;
const server = await startFlakyServer({ seed: 9, failureRate: 0, outage: { from: 3, to: 9 } });

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'hive-demo-host-'));
  vaultRoot = join(workDir, 'vault');
  await mkdir(vaultRoot);
  fetch = new FetchPlugin({ seed: 9, halfOpenAfterMs: 50, attemptTimeoutMs: 1_000 });
  store = new StorePlugin({ file: join(workDir, 'results.sqlite') });
  const vault = new VaultPlugin({
    root: vaultRoot,
    key: derivedKey('test passphrase'),
    legacyPassword: LEGACY_SECRET.password,
  });
  testHost = await createTestHost({
    plugins: [store, new IngestPlugin(), fetch, vault],
    overrides: { permissions: createPermissionChecker({ grants: hiveGrants(vaultRoot) }) },
  });
});

afterAll(async () => {
  await testHost?.close();
  await server.close();
  await rm(workDir, { recursive: true, force: true });
});

describe('the hive in a test host', () => {
  it('ingests the same data for the same seed, and other data for another', async () => {
    const batch = (seed: number) =>
      testHost.execute<{ checksum: number; records: number }>('ingest.batch', {
        seed,
        first: 1,
        count: 5_000,
      });
    const [a, b, c] = await Promise.all([batch(1), batch(1), batch(2)]);
    expect(a).toSucceed();
    expect(a.success && b.success && c.success).toBe(true);
    if (!a.success || !b.success || !c.success) return;
    expect(a.data.records).toBe(5_000);
    expect(b.data.checksum).toBe(a.data.checksum);
    expect(c.data.checksum).not.toBe(a.data.checksum);
  });

  it('opens the circuit during the outage and closes it once the service recovers', async () => {
    const results = [];
    for (let i = 1; i <= 12; i++)
      results.push(await testHost.execute('fetch.get', { url: `${server.url}/items/${i}` }));
    expect(server.decisions.slice(2, 9).every((d) => d.fault === 'fail')).toBe(true);
    const states = fetch.transitions.map((t) => t.to);
    expect(states[0]).toBe('open');
    expect(states.at(-1)).toBe('closed');
    expect(fetch.breakerState).toBe('closed');
    expect(results.at(-1)).toSucceed();
  });

  it('refuses the metadata address and logs the refusal', async () => {
    const result = await testHost.execute('fetch.get', { url: METADATA_URL });
    expect(result).toFailWith('SECURITY_BLOCKED_ADDRESS');
    const refusal = testHost.monitoring
      .getLoggedEvents()
      .find((e) => e.message.startsWith('refused request to http://169.254.169.254/'));
    expect(refusal?.level).toBe('warn');
    expect(refusal?.fields.violation).toBe('blocked_address');
  });

  it('migrates the legacy token, writes only inside its root, and refuses a way out', async () => {
    const migrated = await testHost.execute<{ verified: boolean; plaintextChars: number }>(
      'vault',
      {
        op: 'migrate',
        name: 'legacy.fernet',
        stored: LEGACY_SECRET.stored,
      },
    );
    expect(migrated).toSucceed();
    expect(migrated.success && migrated.data).toMatchObject({
      verified: true,
      plaintextChars: LEGACY_SECRET.plaintext.length,
    });
    const outside = await testHost.execute('vault', {
      op: 'seal',
      name: '../escape.fernet',
      data: 'x',
    });
    expect(outside).toFailWith('SECURITY_UNSAFE_PATH');
    expect(await readdir(vaultRoot)).toEqual(['legacy.fernet']);
    expect(await readdir(workDir)).not.toContain('escape.fernet');
  });

  it('is refused a write that its grants do not cover', async () => {
    const denied = createPermissionChecker({
      grants: {
        vault: ['execute_vault', { permission: 'fs:write', root: `${workDir}-elsewhere` }],
      },
    });
    const strict = await createTestHost({
      plugins: [
        new VaultPlugin({ root: vaultRoot, key: derivedKey('other'), legacyPassword: 'x' }),
      ],
      overrides: { permissions: denied },
    });
    try {
      expect(
        await strict.execute('vault', { op: 'seal', name: 'denied.fernet', data: 'x' }),
      ).toFailWith('SECURITY_PERMISSION_DENIED');
    } finally {
      await strict.close();
    }
  });

  it('stores rows through the pool and counts them back', async () => {
    const rows = [1, 2, 3].map((n) => ({ kind: 'fetch', key: `k${n}`, value: String(n) }));
    expect(await testHost.execute('store', { op: 'put', rows })).toSucceed();
    const counted = await testHost.execute<{ counts: Record<string, number> }>('store', {
      op: 'count',
    });
    expect(counted.success && counted.data.counts.fetch).toBe(3);
    expect(store.poolStats()).toMatchObject({ acquired: 2, destroyed: 0 });
  });

  it('writes a task run twice as one row: a redelivered job replaces its own result', async () => {
    const first = rowFor({ type: 'fetch.get', params: { url: `${server.url}/items/900` } }, 1)!;
    const again = rowFor({ type: 'fetch.get', params: { url: `${server.url}/items/900` } }, 2)!;
    const count = async () => {
      const counted = await testHost.execute<{ counts: Record<string, number> }>('store', {
        op: 'count',
      });
      return counted.success ? (counted.data.counts.fetch ?? 0) : Number.NaN;
    };
    const before = await count();
    expect(await testHost.execute('store', { op: 'put', rows: [first] })).toSucceed();
    expect(await testHost.execute('store', { op: 'put', rows: [again] })).toSucceed();
    expect(await count()).toBe(before + 1);
  });
});
