import { type IsolatedPlugin, isolatedPlugin } from '@leanvibe/isolate';
import type { IsolateSettings } from '../cli-walls.js';
import type { IsolationSummary } from './summary.js';

/** The ingest plugin walled in worker threads, with what it was asked for. */
export interface IsolatedIngest {
  readonly plugin: IsolatedPlugin;
  /** The module each worker loads, relative to the demo's package. */
  readonly module: string;
  readonly settings: IsolateSettings;
}

/**
 * Loads the ingest plugin's built module in worker threads (`@leanvibe/isolate`); the host
 * registers the result in place of the in-process plugin. With a fault, the workers load the
 * plugin behind a module that lets one task misbehave.
 */
export async function isolateIngest(settings: IsolateSettings): Promise<IsolatedIngest> {
  const entry = settings.fault === undefined ? 'ingest-entry.js' : 'faulty-ingest-entry.js';
  const url = new URL(`./${entry}`, import.meta.url);
  const plugin = await isolatedPlugin(url.href, {
    workers: settings.workers,
    memoryLimitMb: settings.memoryLimitMb,
  });
  return { plugin, module: `dist/isolate/${entry}`, settings };
}

/** The wall as it stands now: the effective heap limit, the workers, restarts, the last error. */
export function isolationSummary(ingest: IsolatedIngest): IsolationSummary {
  const { plugin, settings } = ingest;
  const status = plugin.isolation;
  // What the workers got: the option, else the manifest's limit, else Node's own.
  const fromManifest = plugin.manifest.limits?.maxMemoryMb;
  const memoryLimitMb = settings.memoryLimitMb ?? fromManifest ?? null;
  return {
    plugin: plugin.pluginId,
    module: ingest.module,
    workers: settings.workers,
    memoryLimitMb,
    memoryLimitFrom:
      settings.memoryLimitMb !== undefined
        ? 'option'
        : fromManifest !== undefined
          ? 'manifest'
          : 'none',
    state: status.state,
    threadIds: [...status.threadIds],
    restarts: status.restarts,
    ...(status.lastError === undefined ? {} : { lastError: { ...status.lastError } }),
  };
}
