import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fixture } from './support.js';

const dist = fileURLToPath(new URL('../dist/', import.meta.url));

// Runs one task through the built package in a fresh process: the worker entry must be found
// beside the ESM build and beside the CommonJS one.
function runBuilt(kind: 'esm' | 'cjs'): string {
  const load =
    kind === 'esm'
      ? `const { isolatedPlugin } = await import(${JSON.stringify(`${dist}index.js`)});`
      : `const { isolatedPlugin } = require(${JSON.stringify(`${dist}index.cjs`)});`;
  const body = `${load}
    const plugin = await isolatedPlugin(${JSON.stringify(fixture('echo'))});
    const ctx = { orchestrator: {}, logger: { debug(){}, info(){}, warn(){}, error(){}, child(){ return this; } },
      metrics: { counter(){}, gauge(){}, histogram(){} }, clock: {}, config: {}, signal: new AbortController().signal };
    await plugin.initialize(ctx);
    const r = await plugin.execute({ id: 't', type: 'echo', params: { text: '${kind}' }, signal: new AbortController().signal, updateStatus(){} });
    await plugin.cleanup();
    console.log(JSON.stringify(r.data.text));`;
  const script = kind === 'esm' ? body : `(async () => { ${body} })();`;
  return execFileSync(
    process.execPath,
    [kind === 'esm' ? '--input-type=module' : '--input-type=commonjs', '-e', script],
    {
      encoding: 'utf8',
    },
  ).trim();
}

describe('the built worker entry', () => {
  it.each(['esm', 'cjs'] as const)('is found from the %s build', (kind) => {
    expect(runBuilt(kind)).toBe(JSON.stringify(kind));
  });
});
