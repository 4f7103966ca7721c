import { describe, expect, it } from 'vitest';
import { exampleFile, readmeExample, runExample } from '../../readme-example.js';

describe('core-basic', () => {
  it('is the example of the @leanvibe/core README, verbatim', () => {
    expect(readmeExample('core', 'core-basic')).toBe(exampleFile('core-basic', 'src/main.ts'));
  });

  it('runs two plugins, one depending on the other, and prints results and the boot report', () => {
    const output = runExample('core-basic');
    const lines = output.trimEnd().split('\n');
    expect(lines[0]).toMatch(
      /^boot report \(host example-host\): 2 of 2 plugins ready in \d+\.\d\d ms$/,
    );
    expect(lines[1]).toMatch(/^\s+plugin\s+state\s+init\s+notes$/);
    expect(lines[2]).toMatch(/^\s+counter\s+ready\s+\d+\.\d\d ms$/);
    expect(lines[3]).toMatch(/^\s+greeter\s+ready\s+\d+\.\d\d ms\s+after counter$/);
    expect(lines.slice(4)).toEqual([
      'ok: hello, Ada (visit #1)',
      'ok: hello, Ada (visit #2)',
      'failed: PLUGIN_VALIDATION task "example-host:5" of plugin "greeter" has invalid params: name: Too small: expected string to have >=1 characters',
      'failed: PLUGIN_NOT_FOUND',
      'health: ready',
      'after close: stopped',
    ]);
  });
});
