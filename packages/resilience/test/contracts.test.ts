// The shared Policy contract suite of @leanvibe/testing, run on every policy of this package.
import { policyContract } from '@leanvibe/testing/vitest';
import {
  bulkhead,
  circuitBreaker,
  consecutive,
  fallback,
  pipeline,
  rateLimit,
  retry,
  timeout,
} from '../src/index.js';

policyContract('retry', ({ clock }) => retry({ retries: 3, minDelayMs: 100, clock }));
policyContract('retry with decorrelated jitter', ({ clock }) =>
  retry({ retries: 2, minDelayMs: 10, jitter: 'decorrelated', clock }),
);
policyContract('circuitBreaker', ({ clock }) =>
  circuitBreaker({ breaker: consecutive(1), halfOpenAfterMs: 5_000, clock }),
);
policyContract('timeout', ({ clock }) => timeout(1_000, { clock }));
policyContract('timeout (aggressive)', ({ clock }) =>
  timeout(1_000, { strategy: 'aggressive', clock }),
);
policyContract('bulkhead', ({ clock }) => bulkhead({ concurrency: 2, queue: 8, clock }));
// A fallback answers fn's errors with its value instead of rethrowing them: that is its job.
policyContract('fallback', ({ clock }) => fallback('fallback value', { clock }), {
  rethrowsErrors: false,
});
policyContract('rateLimit', ({ clock }) =>
  rateLimit({ tokensPerInterval: 10, intervalMs: 1_000, clock }),
);
policyContract('rateLimit (waiting)', ({ clock }) =>
  rateLimit({ tokensPerInterval: 1, intervalMs: 100, burst: 1, whenEmpty: 'wait', clock }),
);
policyContract('pipeline', ({ clock }) =>
  pipeline(
    retry({ retries: 2, minDelayMs: 10, clock }),
    circuitBreaker({ breaker: consecutive(5), clock }),
    timeout(1_000, { clock }),
    bulkhead({ concurrency: 2, queue: 8, clock }),
  ),
);
policyContract(
  'pipeline with a fallback',
  ({ clock }) => pipeline(fallback(0, { clock }), retry({ retries: 1, minDelayMs: 10, clock })),
  { rethrowsErrors: false },
);
