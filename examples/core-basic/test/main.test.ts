import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const read = (path: string) => readFileSync(new URL(path, import.meta.url), 'utf8');

describe('core-basic', () => {
  it('is the example of the @leanvibe/core README, verbatim', () => {
    const readme = read('../../../packages/core/README.md');
    const block = /<!-- example: core-basic -->\s*```ts\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(block).toBe(read('../src/main.ts'));
  });

  it('runs and prints what the README promises', () => {
    const output = execFileSync(process.execPath, ['dist/main.js'], {
      cwd: new URL('..', import.meta.url),
      encoding: 'utf8',
    });
    expect(output).toContain('PLUGIN_TIMEOUT true');
    expect(output).toContain('A non-Error value was thrown: \\"socket hang up\\" (a string)');
    expect(output).toContain('timer fired at 100 ms');
    expect(output).toMatch(/taskExecutionMs\s+- unmeasured/);
    expect(output).toContain('Epic 1: pass');
  });
});
