import { describe, expect, it } from 'vitest';
import { parseOptions, USAGE, UsageError } from '../src/cli.js';

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

  it('reads the distributed mode options, each absent unless given', () => {
    expect(parseOptions([])).not.toHaveProperty('workers');
    expect(parseOptions(['--workers', '3'])).toMatchObject({ workers: 3 });
    expect(parseOptions(['--workers', '3'])).not.toHaveProperty('redisUrl');
    expect(
      parseOptions([
        '--',
        '--workers',
        '16',
        '--redis',
        'redis://127.0.0.1:6380',
        '--kill-worker-after',
        '40',
      ]),
    ).toMatchObject({ workers: 16, redisUrl: 'redis://127.0.0.1:6380', killWorkerAfter: 40 });
    expect(parseOptions(['--workers=1', '--redis=rediss://cache.internal:6380/2'])).toMatchObject({
      workers: 1,
      redisUrl: 'rediss://cache.internal:6380/2',
    });
  });

  it.each([
    [['--workers', '0'], '--workers must be an integer from 1 to 16, got "0"'],
    [['--workers', '17'], '--workers must be an integer from 1 to 16, got "17"'],
    [['--workers', '2.5'], '--workers must be an integer from 1 to 16, got "2.5"'],
    [['--workers', 'three'], '--workers must be an integer from 1 to 16, got "three"'],
    [['--redis', 'redis://127.0.0.1:6379'], '--redis needs --workers'],
    [
      ['--workers', '2', '--redis', 'http://127.0.0.1:6379'],
      '--redis must be a redis:// or rediss:// URL, got "http://127.0.0.1:6379"',
    ],
    [['--kill-worker-after', '5'], '--kill-worker-after needs --workers 2 or more'],
    [
      ['--workers', '1', '--kill-worker-after', '5'],
      '--kill-worker-after needs --workers 2 or more',
    ],
    [
      ['--workers', '3', '--kill-worker-after', '0'],
      '--kill-worker-after must be an integer ≥ 1, got "0"',
    ],
    [
      ['--workers', '3', '--kill-worker-after=-4'],
      '--kill-worker-after must be an integer ≥ 1, got "-4"',
    ],
  ])('refuses %j in the distributed options', (argv, message) => {
    expect(() => parseOptions(argv)).toThrow(UsageError);
    expect(() => parseOptions(argv)).toThrow(message);
  });

  it('documents the distributed options in the usage text', () => {
    expect(USAGE).toMatch(/--workers N .*1\.\.16/);
    expect(USAGE).toMatch(/--redis URL/);
    expect(USAGE).toMatch(/--kill-worker-after N/);
  });

  it('refuses unknown options and stray arguments', () => {
    expect(() => parseOptions(['--nope'])).toThrow(UsageError);
    expect(() => parseOptions(['extra'])).toThrow(UsageError);
  });

  it('reads --isolate with its defaults, and its options', () => {
    expect(parseOptions([])).not.toHaveProperty('isolate');
    expect(parseOptions(['--isolate'])).toMatchObject({
      isolate: { workers: 1, memoryLimitMb: 128 },
    });
    expect(parseOptions(['--isolate'])).not.toHaveProperty('isolate.fault');
    expect(
      parseOptions([
        '--',
        '--isolate',
        '--isolate-workers',
        '2',
        '--memory-limit-mb',
        '64',
        '--ingest-fault',
        'spin',
      ]),
    ).toMatchObject({ isolate: { workers: 2, memoryLimitMb: 64, fault: 'spin' } });
  });

  it('reads --trace FILE, absent unless given', () => {
    expect(parseOptions([])).not.toHaveProperty('tracePath');
    expect(parseOptions(['--trace', '/tmp/t.json'])).toMatchObject({ tracePath: '/tmp/t.json' });
    expect(parseOptions(['--trace=spans.json', '--isolate'])).toMatchObject({
      tracePath: 'spans.json',
      isolate: { workers: 1 },
    });
  });

  it.each([
    [['--trace'], /argument missing/],
    [['--trace', '--json'], /--trace/],
    [['--trace', ''], '--trace needs a file to write the spans to'],
    [
      ['--trace', 't.json', '--workers', '2'],
      '--trace traces the embedded hive; it cannot be combined with --workers',
    ],
    [
      ['--isolate', '--workers', '2'],
      '--isolate runs the embedded hive; it cannot be combined with --workers',
    ],
    [['--memory-limit-mb', '64'], '--memory-limit-mb needs --isolate'],
    [['--ingest-fault', 'alloc'], '--ingest-fault needs --isolate'],
    [['--isolate-workers', '2'], '--isolate-workers needs --isolate'],
    [
      ['--isolate', '--ingest-fault', 'explode'],
      '--ingest-fault must be one of alloc, spin, got "explode"',
    ],
    [
      ['--isolate', '--memory-limit-mb', '16'],
      '--memory-limit-mb must be an integer from 32 to 4096, got "16"',
    ],
    [
      ['--isolate', '--isolate-workers', '9'],
      '--isolate-workers must be an integer from 1 to 8, got "9"',
    ],
  ])('refuses %j in the isolate and trace options', (argv, message) => {
    expect(() => parseOptions(argv)).toThrow(UsageError);
    expect(() => parseOptions(argv)).toThrow(message);
  });

  it('documents --isolate and --trace in the usage text', () => {
    expect(USAGE).toMatch(/--isolate /);
    expect(USAGE).toMatch(/--memory-limit-mb N/);
    expect(USAGE).toMatch(/--ingest-fault KIND/);
    expect(USAGE).toMatch(/--trace FILE/);
  });
});
