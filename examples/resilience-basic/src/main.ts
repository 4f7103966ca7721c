import {
  bulkhead,
  circuitBreaker,
  consecutive,
  fallback,
  isBrokenCircuitError,
  pipeline,
  retry,
  timeout,
} from '@leanvibe/resilience';

// A flaky dependency: the first two calls fail, then it answers.
let calls = 0;
async function fetchPrice(signal: AbortSignal): Promise<number> {
  calls++;
  signal.throwIfAborted();
  if (calls <= 2) throw new Error(`upstream 503 (call ${calls})`);
  return 42;
}

const breaker = circuitBreaker({ breaker: consecutive(3), halfOpenAfterMs: 30_000 });
breaker.onBreak(({ error }) => console.log(`circuit opened: ${(error as Error).message}`));

// Outermost first: fallback answers what is left, retry asks the breaker on every attempt,
// each attempt gets 500 ms, and at most 4 calls reach the dependency at once.
const policy = pipeline(
  fallback(-1),
  retry({ retries: 3, minDelayMs: 10, jitter: 'none' }),
  breaker,
  timeout(500),
  bulkhead({ concurrency: 4, queue: 16 }),
);

const price = await policy.execute(({ signal, attempt }) => {
  console.log(`attempt ${attempt}`);
  return fetchPrice(signal);
});
console.log(`price: ${price}`);

// Three straight failures open the circuit; the next call is refused without running.
calls = -10;
const answer = await policy.execute(({ signal }) => fetchPrice(signal));
console.log(`answer while upstream is down: ${answer}`);
const refused = await breaker.execute(() => 'never runs').catch((error: unknown) => error);
console.log(`refused: ${isBrokenCircuitError(refused)}, state: ${breaker.state}`);
