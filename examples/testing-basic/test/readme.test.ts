import { describe, expect, it } from 'vitest';
import { exampleFile, readmeExample } from '../../readme-example.js';

describe('testing-basic', () => {
  it('is the test file of the @leanvibe/testing README, verbatim', () => {
    expect(readmeExample('testing', 'testing-basic')).toBe(
      exampleFile('testing-basic', 'test/stats-plugin.test.ts'),
    );
  });
});
