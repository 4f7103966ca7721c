import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import type { MetricsSink } from '@leanvibe/core/contracts';
import { noopMetrics } from '@leanvibe/core/contracts';
import { CleanupStack } from './cleanup.js';
import type { DemoOptions } from './cli.js';
import { type FlakyServerOptions, startFlakyServer } from './flaky-server.js';
import { buildHive } from './hive.js';
import { createDemoLogger } from './log.js';
import { type FetchSummary, runFetchPhase } from './phases/fetch.js';
import { type IngestSummary, runIngestPhase } from './phases/ingest.js';
import { runVaultPhase, type VaultSummary } from './phases/vault.js';
import { createProgress } from './ui/progress.js';

/** Where the demo writes and what stops it. */
export interface DemoIO {
  /** Human output (tables, progress, log lines); a terminal gets a live progress bar. */
  readonly out: Writable & { isTTY?: boolean };
  /** Aborting it stops the run after the current step; what finished is reported. */
  readonly signal: AbortSignal;
}

/** The phases, in the order they run. */
export const PHASES = ['ingest', 'fetch', 'vault'] as const;

/** The outage on the flaky service: enough failures in a row to open the circuit. */
export function outageFor(tasks: number): FlakyServerOptions['outage'] {
  if (tasks < 10) return undefined;
  const from = Math.max(8, Math.round(tasks * 0.3));
  return { from, to: from + 6 };
}

/** Everything the run found out. */
export interface DemoRun {
  readonly completed: readonly (typeof PHASES)[number][];
  readonly interrupted: boolean;
  readonly ingest?: IngestSummary;
  readonly fetch?: FetchSummary;
  readonly vault?: VaultSummary;
}

/** Runs the hive: ingest, fetch, vault, each a set of tasks through one host. */
export async function runDemo(options: DemoOptions, io: DemoIO): Promise<DemoRun> {
  const { out, signal } = io;
  const cleanup = new CleanupStack();
  const completed: (typeof PHASES)[number][] = [];
  const run: { -readonly [K in keyof DemoRun]: DemoRun[K] } = { completed, interrupted: false };
  try {
    const workDir = await mkdtemp(join(tmpdir(), 'hive-demo-'));
    cleanup.defer('work directory', () => rm(workDir, { recursive: true, force: true }));
    const vaultRoot = join(workDir, 'vault');
    await mkdir(vaultRoot);

    const outage = outageFor(options.tasks);
    const server = await startFlakyServer({
      seed: options.seed,
      failureRate: options.failureRate,
      ...(outage === undefined ? {} : { outage }),
    });
    cleanup.defer('flaky service', () => server.close());

    const logger = createDemoLogger(out);
    const metrics: MetricsSink = noopMetrics;
    const hive = await buildHive({
      seed: options.seed,
      vaultRoot,
      databaseFile: join(workDir, 'results.sqlite'),
      passphrase: randomPassphrase(),
      logger,
      metrics,
    });
    cleanup.defer('host', () => hive.host.close());

    out.write(
      [
        `LeanVibe hive demo: seed ${options.seed}, ${options.records.toLocaleString('en-US')} records, ` +
          `${options.tasks} fetch tasks, failure rate ${options.failureRate}`,
        `  flaky service   ${server.url}${outage === undefined ? '' : ` (an outage on requests ${outage.from}–${outage.to})`}`,
        `  work directory  ${workDir}`,
        '',
      ].join('\n'),
    );
    const boot = await hive.host.start();
    out.write(`${String(boot)}\n\n`);

    if (!signal.aborted) {
      out.write('ingest\n');
      run.ingest = await runIngestPhase(hive.host, {
        seed: options.seed,
        records: options.records,
        signal,
        progress: createProgress('ingest', options.records, out),
      });
      if (!signal.aborted) completed.push('ingest');
    }
    if (!signal.aborted) {
      out.write('\nfetch\n');
      run.fetch = await runFetchPhase(hive.host, {
        baseUrl: server.url,
        tasks: options.tasks,
        signal,
      });
      if (!signal.aborted) completed.push('fetch');
    }
    if (!signal.aborted) {
      out.write('\nvault\n');
      run.vault = await runVaultPhase(hive.host, run.ingest?.revenueCents ?? {}, signal);
      if (!signal.aborted) completed.push('vault');
    }
    run.interrupted = signal.aborted;
    return run;
  } finally {
    await cleanup.close();
  }
}

/** A passphrase for this run's vault key. */
export function randomPassphrase(): string {
  return randomBytes(24).toString('base64url');
}
