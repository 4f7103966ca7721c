/** A state change of one worker's circuit, as the worker reported it. */
export interface BreakerEvent {
  readonly worker: number;
  readonly from: string;
  readonly to: string;
  /** Followed from another worker through the shared store. */
  readonly remote: boolean;
  /** `Date.now()` in the worker when it changed (one clock for the whole machine). */
  readonly at: number;
}

/** One open a worker's own breaker decided, and who followed it how fast. */
export interface OpenFollowed {
  readonly worker: number;
  /** When it opened, in ms since the run began. */
  readonly atMs: number;
  /** The other workers whose breaker followed this open, and after how long. */
  readonly followedBy: readonly { readonly worker: number; readonly ms: number }[];
}

/** How the workers' breakers followed each other's opens. */
export interface BreakerFollow {
  /** Opens decided locally, by a worker's own breaker. */
  readonly opens: number;
  /** Opens followed from another worker. */
  readonly remoteOpens: number;
  /** Time from a local open to another worker's remote open, in ms (`null` without samples). */
  readonly followMs: {
    readonly median: number | null;
    readonly max: number | null;
    readonly samples: number;
  };
  readonly perOpen: readonly OpenFollowed[];
}

/**
 * Pairs each remote open with the open it followed: the latest local open of another worker at
 * or before it. (A worker that was open already when another opened does not follow that one;
 * it reports nothing, so it gives no sample.)
 */
export function breakerFollow(events: readonly BreakerEvent[], startedAt: number): BreakerFollow {
  const sorted = [...events].sort((a, b) => a.at - b.at);
  const local = sorted.filter((e) => e.to === 'open' && !e.remote);
  const remote = sorted.filter((e) => e.to === 'open' && e.remote);
  const followers = new Map<BreakerEvent, { worker: number; ms: number }[]>(
    local.map((e) => [e, []]),
  );
  const delays: number[] = [];
  for (const follow of remote) {
    const origin = local.findLast((e) => e.worker !== follow.worker && e.at <= follow.at);
    if (origin === undefined) continue;
    const ms = follow.at - origin.at;
    followers.get(origin)!.push({ worker: follow.worker, ms });
    delays.push(ms);
  }
  delays.sort((a, b) => a - b);
  return {
    opens: local.length,
    remoteOpens: remote.length,
    followMs: {
      median: delays.length === 0 ? null : median(delays),
      max: delays.length === 0 ? null : delays.at(-1)!,
      samples: delays.length,
    },
    perOpen: local.map((e) => ({
      worker: e.worker,
      atMs: e.at - startedAt,
      followedBy: followers.get(e)!,
    })),
  };
}

function median(sorted: readonly number[]): number {
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
