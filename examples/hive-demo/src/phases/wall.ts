import type { PluginHost } from '@leanvibe/core';
import type { IngestFault } from '../cli-walls.js';
import type { WallSummary } from '../isolate/summary.js';
import type { IngestBatch } from '../plugins/ingest.js';
import { failureCode } from './outcome.js';

/** How long a spinning task may run before the demo cancels it. */
export const SPIN_CANCEL_AFTER_MS = 1_000;

/** Settings of the wall phase. */
export interface WallPhaseOptions {
  readonly seed: number;
  readonly fault: IngestFault;
  readonly signal: AbortSignal;
}

const small = (seed: number) => ({ seed, first: 1, count: 1_000 });

/**
 * Sends the isolated ingest plugin one hostile task — it allocates past the worker's heap limit,
 * or spins and is cancelled after {@link SPIN_CANCEL_AFTER_MS} — then an ordinary one, which a
 * restarted worker must serve.
 */
export async function runWallPhase(
  host: PluginHost,
  options: WallPhaseOptions,
): Promise<WallSummary> {
  const { seed, fault, signal } = options;
  const controller = new AbortController();
  const follow = () => controller.abort(signal.reason);
  signal.addEventListener('abort', follow, { once: true });
  const cancel =
    fault === 'spin'
      ? setTimeout(
          () =>
            controller.abort(
              new Error(`the spinning task ran ${SPIN_CANCEL_AFTER_MS} ms: cancelled`),
            ),
          SPIN_CANCEL_AFTER_MS,
        )
      : undefined;
  const started = performance.now();
  try {
    const hostile = await host.execute({
      type: 'ingest.batch',
      params: { ...small(seed), fault },
      signal: controller.signal,
    });
    const durationMs = Math.round(performance.now() - started);
    const next = await host.execute<IngestBatch>({
      type: 'ingest.batch',
      params: small(seed),
      signal,
    });
    return {
      fault,
      code: failureCode(hostile) ?? 'succeeded',
      durationMs,
      next: failureCode(next) ?? 'succeeded',
      nextRecords: next.success ? next.data.records : 0,
    };
  } finally {
    clearTimeout(cancel);
    signal.removeEventListener('abort', follow);
  }
}
