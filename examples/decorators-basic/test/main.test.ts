import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const read = (path: string) => readFileSync(new URL(path, import.meta.url), 'utf8');

describe('decorators-basic', () => {
  it('is the example of the @leanvibe/decorators README, verbatim', () => {
    const readme = read('../../../packages/decorators/README.md');
    const block = /<!-- example: decorators-basic -->\s*```ts\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(block).toBe(read('../src/main.ts'));
  });

  it('runs and prints what the README promises', () => {
    const output = execFileSync(process.execPath, ['dist/main.js'], {
      cwd: new URL('..', import.meta.url),
      encoding: 'utf8',
    });
    expect(output.trim().split('\n')).toEqual([
      'metric leanvibe_method_duration_seconds WeatherPlugin.forecast success',
      't1 Lisbon: sunny',
      't2 Lisbon: sunny',
      'metric leanvibe_method_duration_seconds WeatherPlugin.forecast error',
      't3 PLUGIN_TIMEOUT: WeatherPlugin.handle timed out after 50 ms',
      'lookups: 2, Lisbon cached: true',
    ]);
  });
});
