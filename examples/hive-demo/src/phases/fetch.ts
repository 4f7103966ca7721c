import type { PluginHost } from '@leanvibe/core';
import type { TaskResult } from '@leanvibe/core/contracts';
import type { FetchOutcome } from '../plugins/fetch.js';
import { countBy, failureCode } from './outcome.js';
import { storeRows } from './store.js';

/** An address every cloud VM can reach and no plugin should: the instance metadata service. */
export const METADATA_URL = 'http://169.254.169.254/latest/meta-data/iam/security-credentials/';

/** Settings of the fetch phase. */
export interface FetchPhaseOptions {
  /** The flaky service. */
  readonly baseUrl: string;
  readonly tasks: number;
  readonly signal: AbortSignal;
}

/** What the fetch phase did. */
export interface FetchSummary {
  readonly tasks: number;
  readonly succeeded: number;
  /** Failed tasks by the code that says why. */
  readonly failures: Readonly<Record<string, number>>;
  /** Attempts the successful tasks needed, by count: `{ "1": 80, "2": 9 }`. */
  readonly attempts: Readonly<Record<string, number>>;
  /** Successful results written to the store. */
  readonly stored: number;
  /** How the request to the metadata service ended (`SECURITY_BLOCKED_ADDRESS` when refused). */
  readonly metadataRequest: string;
  readonly durationMs: number;
}

/**
 * Sends `tasks` fetches to the flaky service at once (the fetch plugin's concurrency limit and
 * bulkhead pace them), then one to the metadata address, which the SSRF guard must refuse.
 */
export async function runFetchPhase(
  host: PluginHost,
  options: FetchPhaseOptions,
): Promise<FetchSummary> {
  const { baseUrl, tasks, signal } = options;
  const started = performance.now();
  let stored = 0;
  const results = await Promise.all(
    Array.from({ length: tasks }, async (_, i) => {
      const url = `${baseUrl}/items/${i + 1}`;
      const result = await host.execute<FetchOutcome>({
        type: 'fetch.get',
        params: { url },
        signal,
      });
      if (result.success) {
        const row = {
          kind: 'fetch',
          key: `items/${i + 1}`,
          value: JSON.stringify(result.data),
        } as const;
        if (await storeRows(host, [row], signal)) stored++;
      }
      return result;
    }),
  );
  const metadata = await host.execute({ type: 'fetch.get', params: { url: METADATA_URL }, signal });
  const succeeded = results.filter(
    (r): r is TaskResult<FetchOutcome> & { success: true } => r.success,
  );
  return {
    tasks,
    succeeded: succeeded.length,
    failures: countBy(results, failureCode),
    attempts: countBy(succeeded, (r) => String(r.data.attempts)),
    stored,
    metadataRequest: metadata.success ? 'allowed' : (failureCode(metadata) ?? 'failed'),
    durationMs: Math.round(performance.now() - started),
  };
}
