import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const packageDir = fileURLToPath(new URL('..', import.meta.url));

function run(script: string, type: 'commonjs' | 'module'): string {
  return execFileSync(process.execPath, [`--input-type=${type}`, '-e', script], {
    cwd: packageDir,
    encoding: 'utf8',
  });
}

describe('package entries (built output)', () => {
  it('CommonJS: loads without p-retry, and retries through it once needed', () => {
    const output = run(
      `
      const before = new Set(Object.keys(require.cache));
      const { retry, circuitBreaker } = require('@leanvibe/resilience');
      const loaded = Object.keys(require.cache).filter((file) => !before.has(file));
      const policy = retry({ retries: 2, minDelayMs: 0 });
      let calls = 0;
      policy.execute(() => { if (++calls < 3) throw new TypeError('flaky'); return 'ok'; })
        .then((value) => {
          process.stdout.write(JSON.stringify({
            value, calls, breaker: typeof circuitBreaker,
            deps: loaded.filter((f) => f.includes('node_modules') && !f.includes('@leanvibe')),
          }));
        });
      `,
      'commonjs',
    );
    expect(JSON.parse(output)).toEqual({ value: 'ok', calls: 3, breaker: 'function', deps: [] });
  });

  it('ESM and CommonJS builds import only core’s contracts and a Node built-in statically; p-retry is a dynamic import', () => {
    for (const file of ['dist/index.js', 'dist/index.cjs']) {
      const code = readFileSync(new URL(`../${file}`, import.meta.url), 'utf8');
      const staticImports = [
        ...code.matchAll(/^import [^;]*? from ["']([^"']+)["'];?$/gm),
        ...code.matchAll(/require\(["']([^"']+)["']\)/g),
      ].map((match) => match[1]);
      // diagnostics_channel: the policies' channels (a built-in, about 0.2 ms to load).
      expect(new Set(staticImports)).toEqual(
        new Set(['@leanvibe/core/contracts', 'diagnostics_channel']),
      );
      expect(code).toMatch(/import\(["']p-retry["']\)/);
    }
  });
});
