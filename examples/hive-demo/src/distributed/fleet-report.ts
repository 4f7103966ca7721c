import type { PoolStats } from '@leanvibe/pool';
import type { BreakerTransition } from '../plugins/fetch.js';
import type { DemoReport } from '../report.js';
import type { BreakerFollow } from './follow.js';
import type { Ledger } from './ledger.js';

/** The breaker section of a distributed run: every worker's transitions, on the run's clock. */
export function fleetBreaker(
  ledger: Ledger,
  follow: BreakerFollow,
  epoch: number,
): DemoReport['breaker'] {
  const events = [...ledger.breakerEvents].sort((a, b) => a.at - b.at);
  const transitions: BreakerTransition[] = events.map((e) => ({
    from: e.from,
    to: e.to,
    atMs: e.at - epoch,
    ...(e.remote ? { remote: true as const } : {}),
    worker: e.worker,
  }));
  // The last state of each worker that ran to the end (a killed worker's breaker died with it).
  const last = new Map<number, string>();
  for (const e of events) last.set(e.worker, e.to);
  const states = new Set(
    ledger.workers.filter((w) => !w.killed && !w.crashed).map((w) => last.get(w.index) ?? 'closed'),
  );
  const state = [...states].sort().join('/') || 'closed';
  return {
    state,
    opened: follow.opens,
    recovered: follow.opens > 0 && state === 'closed',
    transitions,
  };
}

/** The pools of every process, added up. */
export function sumPools(pools: readonly (PoolStats | undefined)[]): PoolStats | undefined {
  const present = pools.filter((p): p is PoolStats => p !== undefined);
  if (present.length === 0) return undefined;
  const total: Record<string, unknown> = { ...present[0] };
  for (const pool of present.slice(1)) {
    for (const [key, value] of Object.entries(pool)) {
      if (typeof value === 'number' && typeof total[key] === 'number') {
        total[key] = (total[key] as number) + value;
      }
    }
  }
  return total as unknown as PoolStats;
}
