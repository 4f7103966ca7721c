import type { PluginHost } from '@leanvibe/core';
import { LEGACY_SECRET } from '../legacy-token.js';
import type { VaultOutcome } from '../plugins/vault.js';
import { failureCode } from './outcome.js';

/** What the vault phase did. */
export interface VaultSummary {
  /** Files written and verified by reading them back. */
  readonly written: readonly string[];
  /** The legacy Python token was decrypted and re-encrypted under the vault's key. */
  readonly legacyMigrated: boolean;
  /** How a write outside the vault's root ended (`SECURITY_UNSAFE_PATH` when refused). */
  readonly escapeAttempt: string;
  readonly failures: number;
}

/**
 * Seals the ingest summary, migrates the Python hive's legacy token, and tries to write outside
 * the vault's root, which must be refused.
 */
export async function runVaultPhase(
  host: PluginHost,
  summary: unknown,
  signal: AbortSignal,
): Promise<VaultSummary> {
  const run = (params: object) => host.execute<VaultOutcome>({ type: 'vault', params, signal });
  const sealed = await run({
    op: 'seal',
    name: 'ingest-summary.fernet',
    data: JSON.stringify(summary),
  });
  const migrated = await run({
    op: 'migrate',
    name: 'legacy-api-token.fernet',
    stored: LEGACY_SECRET.stored,
  });
  const outside = await run({
    op: 'seal',
    name: '../../outside.fernet',
    data: 'should never be written',
  });
  const written = [sealed, migrated].flatMap((r) =>
    r.success && r.data.verified ? [r.data.name] : [],
  );
  return {
    written,
    legacyMigrated: migrated.success && migrated.data.verified,
    escapeAttempt: outside.success ? 'written' : (failureCode(outside) ?? 'failed'),
    failures: [sealed, migrated].filter((r) => !r.success).length,
  };
}
