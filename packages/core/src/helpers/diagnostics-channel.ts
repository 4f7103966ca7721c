import type { Channel } from 'node:diagnostics_channel';
import { loadOnUse } from './load-on-use.js';

/** The named diagnostics channel; `node:diagnostics_channel` is loaded by the first host built. */
export function diagnosticsChannel(name: string): Channel {
  return (
    loadOnUse('node:diagnostics_channel') as typeof import('node:diagnostics_channel')
  ).channel(name) as Channel;
}
