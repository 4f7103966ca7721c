import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const dist = fileURLToPath(new URL('../dist/', import.meta.url));

// Retries load p-retry (ESM-only) on demand; the CommonJS build must reach it as well.
const script = (load: string) => `
${load}
let attempts = 0;
const pool = createPool({
  create: () => { attempts++; if (attempts < 3) throw new Error('refused'); return { ok: true }; },
  createRetry: { retries: 3, minDelayMs: 1 },
});
pool.acquire().then(async (resource) => {
  await pool.release(resource);
  await pool.close();
  process.stdout.write(JSON.stringify({ attempts, ok: resource.ok, state: pool.stats().state }));
});
`;

describe('the built package', () => {
  it.each([
    ['CommonJS', 'cjs', `const { createPool } = require(${JSON.stringify(`${dist}index.cjs`)});`],
    ['ESM', 'mjs', `import { createPool } from ${JSON.stringify(`${dist}index.js`)};`],
  ])('retries a failing create from %s, and the process exits', (_, type, load) => {
    const output = execFileSync(
      process.execPath,
      [`--input-type=${type === 'cjs' ? 'commonjs' : 'module'}`, '-e', script(load)],
      { encoding: 'utf8', timeout: 20_000 },
    );
    expect(JSON.parse(output)).toEqual({ attempts: 3, ok: true, state: 'closed' });
  });
});
