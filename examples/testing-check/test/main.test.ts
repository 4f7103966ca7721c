import { describe, expect, it } from 'vitest';
import { exampleFile, readmeExample, runExample } from '../../readme-example.js';

describe('testing-check', () => {
  it('is the check example of the @leanvibe/testing README, verbatim', () => {
    expect(readmeExample('testing', 'testing-check')).toBe(
      exampleFile('testing-check', 'src/main.ts'),
    );
  });

  it('runs and fails the one check that names the defect', () => {
    const output = runExample('testing-check');
    expect(output).toContain('plugin slow-sum');
    expect(output).toMatch(/initialization\s+✓ passed/);
    expect(output).toMatch(/memory\s+✓ passed/);
    expect(output).toContain('1 of 9 checks failed');
    expect(output).toContain(
      'failed: cancellation (the cancelled task reported success: does it ignore task.signal?)',
    );
  });
});
