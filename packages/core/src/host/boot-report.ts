import type { PluginError } from '../contracts/index.js';

/** Where a plugin is in its life: `registered → initializing → ready | failed → stopped`. */
export type PluginState = 'registered' | 'initializing' | 'ready' | 'failed' | 'stopped';

/** One plugin's line in the {@link BootReport}. */
export interface BootReportEntry {
  readonly pluginId: string;
  readonly version: string;
  readonly state: PluginState;
  /** Time spent in `initialize`, in milliseconds (0 when it never ran). */
  readonly initMs: number;
  /** Why it failed. */
  readonly error?: PluginError;
  readonly optional: boolean;
  readonly dependencies: readonly string[];
}

/** What `start()` returns: each plugin's state and init time, and a table a person can read. */
export interface BootReport {
  readonly hostId: string;
  /** In start order: dependencies before their dependants. */
  readonly plugins: readonly BootReportEntry[];
  /** Wall time of the whole start, in milliseconds. */
  readonly totalMs: number;
  /** A table: plugin, state, init time, and notes (dependencies, why it failed). */
  toString(): string;
}

function ms(value: number): string {
  return `${value.toFixed(2)} ms`;
}

export function createBootReport(
  hostId: string,
  plugins: readonly BootReportEntry[],
  totalMs: number,
): BootReport {
  const frozen = Object.freeze(plugins.map((entry) => Object.freeze({ ...entry })));
  return Object.freeze({
    hostId,
    plugins: frozen,
    totalMs,
    toString(): string {
      const ready = frozen.filter((entry) => entry.state === 'ready').length;
      const width = Math.max(6, ...frozen.map((entry) => entry.pluginId.length));
      const lines = [
        `boot report (host ${hostId}): ${ready} of ${frozen.length} plugins ready in ${ms(totalMs)}`,
        `  ${'plugin'.padEnd(width)}  ${'state'.padEnd(12)}  ${'init'.padStart(10)}  notes`,
      ];
      for (const entry of frozen) {
        const notes: string[] = [];
        if (entry.optional) notes.push('optional');
        if (entry.dependencies.length > 0) notes.push(`after ${entry.dependencies.join(', ')}`);
        if (entry.error !== undefined) notes.push(`${entry.error.code}: ${entry.error.message}`);
        lines.push(
          `  ${entry.pluginId.padEnd(width)}  ${entry.state.padEnd(12)}  ${ms(entry.initMs).padStart(10)}  ${notes.join('; ')}`.trimEnd(),
        );
      }
      return lines.join('\n');
    },
  });
}
