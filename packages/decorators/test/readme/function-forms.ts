import { setTimeout as sleep } from 'node:timers/promises';
import type { Policy } from '@leanvibe/core/contracts';
import {
  cached,
  cacheOf,
  currentSignal,
  handled,
  withPolicy,
  withTimeout,
} from '@leanvibe/decorators';

// One cache for the function; concurrent calls of one key share one call.
let resolved = 0;
const resolveHost = cached(async (host: string) => `${host} → 10.0.0.${++resolved}`, {
  ttlMs: 30_000,
});
console.log(await resolveHost('db'), '|', await resolveHost('db'));
cacheOf(resolveHost).invalidate('db');
console.log(await resolveHost('db'));

// A deadline; currentSignal() aborts when it passes. handled() turns the failure into undefined.
const slow = withTimeout(() => sleep(1_000, 'late', { signal: currentSignal() }), {
  timeoutMs: 20,
});
const quiet = handled(slow, { suppressErrors: true, logErrors: false });
console.log('slow:', await quiet());

// Any Policy (a @leanvibe/resilience pipeline, say); this one tries twice.
const twice: Policy = {
  async execute(fn, options) {
    const signal = options?.signal ?? new AbortController().signal;
    try {
      return await fn({ signal, attempt: 1 });
    } catch {
      return await fn({ signal, attempt: 2 });
    }
  },
};
let attempts = 0;
const flaky = withPolicy(twice)(async () => {
  if (++attempts === 1) throw new Error('blip');
  return 'ok';
});
console.log('flaky:', await flaky(), `after ${attempts} attempts`);
