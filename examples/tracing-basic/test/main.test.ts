import { describe, expect, it } from 'vitest';
import { exampleFile, readmeExample, runExample } from '../../readme-example.js';

describe('tracing-basic', () => {
  it('is the example of the @leanvibe/tracing README, verbatim', () => {
    expect(readmeExample('tracing', 'tracing-basic')).toBe(
      exampleFile('tracing-basic', 'src/main.ts'),
    );
  });

  it('runs and prints what the README promises', () => {
    const output = runExample('tracing-basic');
    expect(output).toContain('render success');
    expect(output).toContain('retry, retry');
  });
});
