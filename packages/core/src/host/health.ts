import type { PluginState } from './boot-report.js';

/** The host's state, for probes: `ready` and `degraded` (an optional plugin failed) serve tasks. */
export type HostStatus = 'idle' | 'starting' | 'ready' | 'degraded' | 'stopping' | 'stopped';

/** What `health()` returns: enough for a liveness and a readiness probe. */
export interface HostHealth {
  readonly status: HostStatus;
  /** False once the host has stopped. */
  readonly live: boolean;
  /** True while the host serves tasks (`ready` or `degraded`). */
  readonly ready: boolean;
  readonly plugins: readonly {
    readonly pluginId: string;
    readonly state: PluginState;
    readonly lastError?: { readonly code: string; readonly message: string };
    /** Tasks running and waiting for a slot. */
    readonly active: number;
    readonly queued: number;
  }[];
}
