import { describe, expect, it } from 'vitest';
import { exampleFile, readmeExample, runExample } from '../../readme-example.js';

describe('resilience-basic', () => {
  it('is the example of the @leanvibe/resilience README, verbatim', () => {
    expect(readmeExample('resilience', 'resilience-basic')).toBe(
      exampleFile('resilience-basic', 'src/main.ts'),
    );
  });

  it('runs and prints what the README promises', () => {
    const output = runExample('resilience-basic');
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
