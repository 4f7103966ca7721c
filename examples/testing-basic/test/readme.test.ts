import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const read = (path: string) => readFileSync(new URL(path, import.meta.url), 'utf8');

describe('testing-basic', () => {
  it('is the test file of the @leanvibe/testing README, verbatim', () => {
    const readme = read('../../../packages/testing/README.md');
    const block = /<!-- example: testing-basic -->\s*```ts\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(block).toBe(read('./stats-plugin.test.ts'));
  });
});
