import { type Plugin, PluginHost } from '@leanvibe/core';
import type { Logger, MetricsSink } from '@leanvibe/core/contracts';
import type { CircuitStateStore } from '@leanvibe/resilience';
import { createPermissionChecker, type PermissionGrant } from '@leanvibe/security';
import { LEGACY_SECRET } from './legacy-token.js';
import { type BreakerChange, FetchPlugin } from './plugins/fetch.js';
import { IngestPlugin } from './plugins/ingest.js';
import { StorePlugin } from './plugins/store.js';
import { derivedKey, VaultPlugin } from './plugins/vault.js';

/** What the hive is built from. */
export interface HiveOptions {
  readonly seed: number;
  /** Where the vault may write: an existing directory. */
  readonly vaultRoot: string;
  /** The SQLite database file of the store plugin. */
  readonly databaseFile: string;
  /** What the vault's key is derived from (with a random salt). */
  readonly passphrase: string;
  readonly logger: Logger;
  readonly metrics: MetricsSink;
  /** The host's id. @default 'hive-demo' */
  readonly id?: string;
  /** Where the fetch plugin's circuit keeps its state; default in memory (see `FetchPluginOptions`). */
  readonly breakerStore?: CircuitStateStore;
  /** Told of every state change of the fetch plugin's circuit. */
  readonly onBreakerChange?: (change: BreakerChange) => void;
  /**
   * Registered in place of the in-process ingest plugin (`--isolate`: the same plugin in worker
   * threads); `Hive.ingest` is then left unregistered.
   */
  readonly ingestPlugin?: Plugin;
}

/** The host and its plugins, kept for their figures. */
export interface Hive {
  readonly host: PluginHost;
  /** The in-process ingest plugin; unregistered, its catalog unused, when `ingestPlugin` replaced it. */
  readonly ingest: IngestPlugin;
  readonly fetch: FetchPlugin;
  readonly vault: VaultPlugin;
  readonly store: StorePlugin;
}

/**
 * What each plugin may do, deny by default: run its own task types, and for fetch and vault
 * only the network host and directory they need.
 */
export function hiveGrants(vaultRoot: string): Record<string, PermissionGrant[]> {
  return {
    ingest: ['execute_ingest.batch'],
    store: ['execute_store'],
    fetch: ['execute_fetch.get', { permission: 'net:fetch', hosts: ['127.0.0.1'] }],
    vault: [
      'execute_vault',
      { permission: 'fs:write', root: vaultRoot },
      { permission: 'fs:read', root: vaultRoot },
    ],
  };
}

/** Builds the host with every plugin registered; `start()` is the caller's. */
export async function buildHive(options: HiveOptions): Promise<Hive> {
  const { logger, metrics, vaultRoot, seed, passphrase, databaseFile } = options;
  const host = new PluginHost({
    id: options.id ?? 'hive-demo',
    logger,
    metrics,
    permissions: createPermissionChecker({ grants: hiveGrants(vaultRoot), logger }),
  });
  const ingest = new IngestPlugin();
  const fetch = new FetchPlugin({
    seed,
    ...(options.breakerStore === undefined ? {} : { breakerStore: options.breakerStore }),
    ...(options.onBreakerChange === undefined ? {} : { onBreakerChange: options.onBreakerChange }),
  });
  const vault = new VaultPlugin({
    root: vaultRoot,
    key: derivedKey(passphrase),
    legacyPassword: LEGACY_SECRET.password,
  });
  const store = new StorePlugin({ file: databaseFile });
  for (const plugin of [store, options.ingestPlugin ?? ingest, fetch, vault]) {
    await host.register(plugin);
  }
  return { host, ingest, fetch, vault, store };
}
