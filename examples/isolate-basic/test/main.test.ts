import { describe, expect, it } from 'vitest';
import { exampleFile, readmeExample, runExample } from '../../readme-example.js';

describe('isolate-basic', () => {
  it('is the example of the @leanvibe/isolate README, verbatim', () => {
    expect(readmeExample('isolate', 'isolate-basic')).toBe(
      exampleFile('isolate-basic', 'src/main.ts'),
    );
  });

  it('runs the plugin in a worker thread and prints its result', () => {
    const output = runExample('isolate-basic');
    expect(output).toContain('{ width: 64, height: 48, onMainThread: false }');
  });
});
