import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const read = (path: string) => readFileSync(new URL(path, import.meta.url), 'utf8');

describe('pool-basic', () => {
  it('is the example of the @leanvibe/pool README, verbatim', () => {
    const readme = read('../../../packages/pool/README.md');
    const block = /<!-- example: pool-basic -->\s*```ts\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(block).toBe(read('../src/main.ts'));
  });

  it('runs and prints what the README promises', () => {
    const output = execFileSync(process.execPath, ['dist/main.js'], {
      cwd: new URL('..', import.meta.url),
      encoding: 'utf8',
    });
    expect(output).toContain('connection 1 ran select 1');
    expect(output).toContain('connection 2 ran select 2');
    expect(output).toContain('ran select 3');
    expect(output).toMatch(/connection \d ran select now\(\)/);
    expect(output).toContain(
      'acquire from pool "db" timed out after 100 ms (2 of max 2 resources, 2 borrowed, 0 waiting)',
    );
    expect(output).toContain('6 loans from 2 connections');
    expect(output).toContain('closed: 2 connections destroyed');
  });
});
