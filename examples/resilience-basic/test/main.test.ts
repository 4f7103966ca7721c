import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const read = (path: string) => readFileSync(new URL(path, import.meta.url), 'utf8');

describe('resilience-basic', () => {
  it('is the example of the @leanvibe/resilience README, verbatim', () => {
    const readme = read('../../../packages/resilience/README.md');
    const block = /<!-- example: resilience-basic -->\s*```ts\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(block).toBe(read('../src/main.ts'));
  });

  it('runs and prints what the README promises', () => {
    const output = execFileSync(process.execPath, ['dist/main.js'], {
      cwd: new URL('..', import.meta.url),
      encoding: 'utf8',
    });
    expect(output.trim().split('\n')).toEqual([
      'attempt 1',
      'attempt 2',
      'attempt 3',
      'price: 42',
      'circuit opened: upstream 503 (call -7)',
      'answer while upstream is down: -1',
      'refused: true, state: open',
    ]);
  });
});
