import { describe, expect, it } from 'vitest';
import {
  checkBoolean,
  checkFiniteNumber,
  checkFunction,
  checkInteger,
  checkOneOf,
  checkOptionsObject,
  checkSignal,
  checkString,
  invalidArgument,
  isInvalidArgumentError,
  isInvalidOptionError,
} from '../src/contracts/index.js';

function messageOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(isInvalidOptionError(error)).toBe(true);
    return (error as Error).message;
  }
  throw new Error('expected a throw');
}

describe('option checks', () => {
  it.each([
    [
      () => checkFiniteNumber('timeoutMs', -1, { min: 0 }),
      '`timeoutMs` must be a finite number ≥ 0, got -1',
    ],
    [
      () => checkFiniteNumber('timeoutMs', Number.NaN, { min: 0 }),
      '`timeoutMs` must be a finite number ≥ 0, got NaN',
    ],
    [
      () => checkFiniteNumber('timeoutMs', Infinity),
      '`timeoutMs` must be a finite number, got Infinity',
    ],
    [() => checkFiniteNumber('ratio', 2, { max: 1 }), '`ratio` must be a finite number ≤ 1, got 2'],
    [
      () => checkFiniteNumber('ratio', '0.5', { min: 0, max: 1 }),
      '`ratio` must be a finite number between 0 and 1, got "0.5" (a string)',
    ],
    [() => checkInteger('retries', 1.5, { min: 0 }), '`retries` must be an integer ≥ 0, got 1.5'],
    [
      () => checkInteger('retries', -1, { min: 0, allowInfinity: true }),
      '`retries` must be an integer ≥ 0 or Infinity, got -1',
    ],
    [() => checkInteger('max', Infinity, { min: 1 }), '`max` must be an integer ≥ 1, got Infinity'],
    [() => checkBoolean('unref', 'yes'), '`unref` must be a boolean, got "yes" (a string)'],
    [() => checkFunction('create', undefined), '`create` must be a function, got undefined'],
    [() => checkString('name', ''), '`name` must be a non-empty string, got "" (a string)'],
    [() => checkString('name', 3, { allowEmpty: true }), '`name` must be a string, got 3'],
    [
      () => checkOneOf('jitter', 'half', ['full', 'decorrelated', 'none']),
      "`jitter` must be one of 'full', 'decorrelated', 'none', got \"half\" (a string)",
    ],
    [() => checkOneOf('level', 3, [1, 2]), '`level` must be one of 1, 2, got 3'],
    [
      () => checkOptionsObject('options', 5 as unknown as object),
      '`options` must be an object, got 5',
    ],
    [
      () => checkOptionsObject('options', [] as unknown as object),
      '`options` must be an object, got an array of length 0',
    ],
    [() => checkSignal('signal', {}), '`signal` must be an AbortSignal, got an object'],
  ])('%#: %s', (fn, message) => {
    expect(messageOf(fn)).toBe(message);
  });

  it('return valid values unchanged', () => {
    expect(checkFiniteNumber('a', 0, { min: 0 })).toBe(0);
    expect(checkFiniteNumber('a', 1, { min: 0, max: 1 })).toBe(1);
    expect(checkInteger('a', Infinity, { min: 0, allowInfinity: true })).toBe(Infinity);
    expect(checkInteger('a', 3)).toBe(3);
    expect(checkBoolean('a', false)).toBe(false);
    const fn = () => 1;
    expect(checkFunction('a', fn)).toBe(fn);
    expect(checkString('a', '', { allowEmpty: true })).toBe('');
    expect(checkOneOf('a', 'x', ['x', 'y'])).toBe('x');
    expect(checkOptionsObject('a', undefined)).toEqual({});
    const options = { x: 1 };
    expect(checkOptionsObject('a', options)).toBe(options);
    const signal = new AbortController().signal;
    expect(checkSignal('a', signal)).toBe(signal);
    expect(checkSignal('a', undefined)).toBeUndefined();
  });

  it('carry the option name', () => {
    try {
      checkInteger('createRetry.retries', -2, { min: 0 });
    } catch (error) {
      expect(isInvalidOptionError(error) && error.option).toBe('createRetry.retries');
      expect((error as { details: unknown }).details).toEqual({ option: 'createRetry.retries' });
    }
  });

  it('builds argument errors in the same words', () => {
    const error = invalidArgument('resource', 'a resource this pool lent', { id: 1 });
    expect(isInvalidArgumentError(error)).toBe(true);
    expect(error.message).toBe(
      '`resource` must be a resource this pool lent, got an object {"id":1}',
    );
  });
});
