// @leanvibe/resilience against cockatiel 3, opossum 9 and bare p-retry 7, side by side.
import { circuitBreaker, consecutive, pipeline, retry, timeout } from '@leanvibe/resilience';
import {
  ConsecutiveBreaker,
  circuitBreaker as cockatielBreaker,
  retry as cockatielRetry,
  timeout as cockatielTimeout,
  ExponentialBackoff,
  handleAll,
  TimeoutStrategy,
  wrap,
} from 'cockatiel';
import Opossum from 'opossum';
import pRetry from 'p-retry';
import { coldImportComparison } from '../cold-import.js';
import { compare, record } from '../harness.js';

export const title = '@leanvibe/resilience';

const work = () => Promise.resolve(1);
const readsSignal = ({ signal }) => Promise.resolve(signal.aborted ? 0 : 1);

// Each measured operation is a batch of CALLS sequential calls: one call (~100 ns) is close to
// the harness's own per-operation cost, which would otherwise flatten every ratio.
const CALLS = 100;
const batch = (call) => async () => {
  for (let i = 0; i < CALLS; i++) await call();
};

export async function run() {
  const ours = {
    breaker: circuitBreaker({ breaker: consecutive(5), halfOpenAfterMs: 10_000 }),
    retry: retry({ retries: 3 }),
    timeout: timeout(1_000),
    pipeline: pipeline(
      retry({ retries: 3 }),
      circuitBreaker({ breaker: consecutive(5), halfOpenAfterMs: 10_000 }),
      timeout(1_000),
    ),
  };
  const peers = {
    breaker: cockatielBreaker(handleAll, {
      halfOpenAfter: 10_000,
      breaker: new ConsecutiveBreaker(5),
    }),
    retry: cockatielRetry(handleAll, { maxAttempts: 3, backoff: new ExponentialBackoff() }),
    timeout: cockatielTimeout(1_000, TimeoutStrategy.Cooperative),
    pipeline: wrap(
      cockatielRetry(handleAll, { maxAttempts: 3, backoff: new ExponentialBackoff() }),
      cockatielBreaker(handleAll, { halfOpenAfter: 10_000, breaker: new ConsecutiveBreaker(5) }),
      cockatielTimeout(1_000, TimeoutStrategy.Cooperative),
    ),
  };
  const opossum = new Opossum(work, { timeout: false, errorThresholdPercentage: 50 });

  await compare(
    `breaker execute (closed, success) ×${CALLS}`,
    { name: '@leanvibe/resilience', fn: batch(() => ours.breaker.execute(work)) },
    [
      { name: 'cockatiel', fn: batch(() => peers.breaker.execute(work)) },
      { name: 'opossum', fn: batch(() => opossum.fire()) },
    ],
  );
  await compare(
    `retry execute (first try succeeds) ×${CALLS}`,
    { name: '@leanvibe/resilience', fn: batch(() => ours.retry.execute(work)) },
    [
      { name: 'cockatiel', fn: batch(() => peers.retry.execute(work)) },
      { name: 'p-retry', fn: batch(() => pRetry(work, { retries: 3 })) },
    ],
  );
  await compare(
    `timeout (cooperative, fn ignores signal) ×${CALLS}`,
    { name: '@leanvibe/resilience', fn: batch(() => ours.timeout.execute(work)) },
    [{ name: 'cockatiel', fn: batch(() => peers.timeout.execute(work)) }],
  );
  await compare(
    `timeout (cooperative, fn reads signal) ×${CALLS}`,
    { name: '@leanvibe/resilience', fn: batch(() => ours.timeout.execute(readsSignal)) },
    [{ name: 'cockatiel', fn: batch(() => peers.timeout.execute(readsSignal)) }],
  );
  await compare(
    `pipeline(retry, breaker, timeout) ×${CALLS}`,
    { name: '@leanvibe/resilience', fn: batch(() => ours.pipeline.execute(readsSignal)) },
    [{ name: 'cockatiel', fn: batch(() => peers.pipeline.execute(readsSignal)) }],
  );
  opossum.shutdown();

  record(
    coldImportComparison('cold import (ESM) vs cockatiel', '@leanvibe/resilience', 'cockatiel'),
  );
  record(
    coldImportComparison(
      'cold import (CJS) vs cockatiel',
      '@leanvibe/resilience',
      'cockatiel',
      'require',
    ),
  );
}
