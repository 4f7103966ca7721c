import { describe, expect, it } from 'vitest';
import { parseOptions, UsageError } from '../src/cli.js';

describe('parseOptions', () => {
  it('has the documented defaults', () => {
    expect(parseOptions([])).toEqual({
      tasks: 120,
      failureRate: 0.3,
      seed: 42,
      records: 500_000,
      reportPath: 'report.json',
      json: false,
      help: false,
    });
  });

  it('reads every option, and ignores the `--` a package manager passes on', () => {
    const argv = ['--tasks', '5', '--failure-rate', '0.5', '--seed', '7', '--records', '100'];
    const expected = { tasks: 5, failureRate: 0.5, seed: 7, records: 100, json: true };
    expect(parseOptions([...argv, '--json'])).toMatchObject(expected);
    expect(parseOptions(['--', ...argv, '--json'])).toMatchObject(expected);
  });

  it.each([
    [['--tasks=-1'], '--tasks must be an integer ≥ 0, got "-1"'],
    [['--tasks', '2.5'], '--tasks must be an integer ≥ 0, got "2.5"'],
    [['--failure-rate', '1.5'], '--failure-rate must be a number between 0 and 1, got "1.5"'],
    [['--seed', 'abc'], '--seed must be an integer, got "abc"'],
    [['--records', ''], '--records must be an integer ≥ 0, got ""'],
  ])('refuses %j naming the option', (argv, message) => {
    expect(() => parseOptions(argv)).toThrow(UsageError);
    expect(() => parseOptions(argv)).toThrow(message);
  });

  it('refuses unknown options and stray arguments', () => {
    expect(() => parseOptions(['--nope'])).toThrow(UsageError);
    expect(() => parseOptions(['extra'])).toThrow(UsageError);
  });
});
