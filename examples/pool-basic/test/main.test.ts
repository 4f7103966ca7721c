import { describe, expect, it } from 'vitest';
import { exampleFile, readmeExample, runExample } from '../../readme-example.js';

describe('pool-basic', () => {
  it('is the example of the @leanvibe/pool README, verbatim', () => {
    expect(readmeExample('pool', 'pool-basic')).toBe(exampleFile('pool-basic', 'src/main.ts'));
  });

  it('runs and prints what the README promises', () => {
    const output = runExample('pool-basic');
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
