import { describe, expect, it } from 'vitest';
import { exampleFile, readmeExample, runExample } from '../../readme-example.js';

describe('decorators-basic', () => {
  it('is the example of the @leanvibe/decorators README, verbatim', () => {
    expect(readmeExample('decorators', 'decorators-basic')).toBe(
      exampleFile('decorators-basic', 'src/main.ts'),
    );
  });

  it('runs and prints what the README promises', () => {
    const output = runExample('decorators-basic');
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
