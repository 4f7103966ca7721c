import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import {
  brandError,
  createErrorGuard,
  InvalidArgumentError,
  InvalidOptionError,
  isInvalidArgumentError,
  isInvalidOptionError,
  isLeanVibeError,
  isPluginError,
  isPluginExecutionError,
  isPluginMemoryError,
  isPluginSecurityError,
  isPluginTimeoutError,
  isPluginValidationError,
  isThrownValueError,
  LEANVIBE_ERROR_BRAND,
  LeanVibeError,
  PluginError,
  PluginExecutionError,
  PluginMemoryError,
  PluginSecurityError,
  PluginTimeoutError,
  PluginValidationError,
  ThrownValueError,
  toError,
} from '../src/contracts/index.js';

const cause = new Error('root cause');

const cases = [
  {
    error: new LeanVibeError('POOL_CLOSED', 'closed', { cause }),
    code: 'POOL_CLOSED',
    name: 'LeanVibeError',
    guard: isLeanVibeError,
  },
  {
    error: new PluginError('failed', { pluginId: 'p', taskId: 't', cause }),
    code: 'PLUGIN_ERROR',
    name: 'PluginError',
    guard: isPluginError,
  },
  {
    error: new PluginValidationError('bad params', {
      pluginId: 'p',
      issues: [{ path: ['a', 0], message: 'Required' }],
      cause,
    }),
    code: 'PLUGIN_VALIDATION',
    name: 'PluginValidationError',
    guard: isPluginValidationError,
  },
  {
    error: new PluginExecutionError('crashed', { pluginId: 'p', cause }),
    code: 'PLUGIN_EXECUTION',
    name: 'PluginExecutionError',
    guard: isPluginExecutionError,
  },
  {
    error: new PluginTimeoutError('too slow', { timeoutMs: 50, operation: 'execute', cause }),
    code: 'PLUGIN_TIMEOUT',
    name: 'PluginTimeoutError',
    guard: isPluginTimeoutError,
  },
  {
    error: new PluginSecurityError('denied', {
      violation: 'permission_denied',
      requiredPermission: 'net:fetch',
      cause,
    }),
    code: 'PLUGIN_SECURITY',
    name: 'PluginSecurityError',
    guard: isPluginSecurityError,
  },
  {
    error: new PluginMemoryError('too big', { limitMb: 10, usedMb: 12, cause }),
    code: 'PLUGIN_MEMORY',
    name: 'PluginMemoryError',
    guard: isPluginMemoryError,
  },
] as const;

describe('errors', () => {
  it.each(cases)(
    '$name has its code, name, brand, guard and cause',
    ({ error, code, name, guard }) => {
      expect(error.code).toBe(code);
      expect(error.name).toBe(name);
      expect(error[LEANVIBE_ERROR_BRAND]).toBe(true);
      expect(error).toBeInstanceOf(Error);
      expect(isLeanVibeError(error)).toBe(true);
      expect(guard(error)).toBe(true);
      expect(error.cause).toBe(cause);
      expect(error.stack).toContain(name);
    },
  );

  it.each(cases)('$name is recognised by no other leaf guard', ({ error, guard }) => {
    const leafGuards = cases
      .map((c) => c.guard)
      .filter((g) => g !== guard && g !== isLeanVibeError);
    for (const other of leafGuards) {
      const expected = other === isPluginError && error instanceof PluginError;
      expect(other(error)).toBe(expected);
    }
  });

  it('guards reject non-errors and foreign errors', () => {
    for (const value of [
      undefined,
      null,
      'PLUGIN_TIMEOUT',
      42,
      {},
      new Error('x'),
      { code: 'PLUGIN_TIMEOUT' },
    ]) {
      expect(isLeanVibeError(value)).toBe(false);
      expect(isPluginTimeoutError(value)).toBe(false);
    }
  });

  it('keeps the plugin and task ids', () => {
    const error = new PluginExecutionError('x', { pluginId: 'ingest', taskId: 'task-1' });
    expect(error.pluginId).toBe('ingest');
    expect(error.taskId).toBe('task-1');
  });

  it('accepts a specific code for security errors', () => {
    const error = new PluginSecurityError('no', {
      code: 'SECURITY_BLOCKED_ADDRESS',
      violation: 'blocked_address',
    });
    expect(error.code).toBe('SECURITY_BLOCKED_ADDRESS');
    expect(isPluginSecurityError(error)).toBe(true);
  });

  it('freezes validation issues', () => {
    const error = new PluginValidationError('bad', { issues: [{ path: [], message: 'x' }] });
    expect(Object.isFrozen(error.issues)).toBe(true);
    expect(new PluginValidationError('bad').issues).toEqual([]);
  });

  it('serialises to JSON with its fields, details and cause', () => {
    const inner = new PluginTimeoutError('inner', { timeoutMs: 5, operation: 'fetch' });
    const error = new PluginExecutionError('outer', {
      pluginId: 'p',
      taskId: 't',
      details: { attempt: 3 },
      cause: inner,
    });
    expect(error.toJSON()).toEqual({
      name: 'PluginExecutionError',
      code: 'PLUGIN_EXECUTION',
      message: 'outer',
      pluginId: 'p',
      taskId: 't',
      details: { attempt: 3 },
      cause: {
        name: 'PluginTimeoutError',
        code: 'PLUGIN_TIMEOUT',
        message: 'inner',
        timeoutMs: 5,
        operation: 'fetch',
      },
    });
    expect(JSON.parse(JSON.stringify(error)).cause.code).toBe('PLUGIN_TIMEOUT');
  });

  it('serialises a plain Error cause by name and message, and other causes as they are', () => {
    expect(new LeanVibeError('X', 'm', { cause: new TypeError('t') }).toJSON().cause).toEqual({
      name: 'TypeError',
      message: 't',
    });
    expect(new LeanVibeError('X', 'm', { cause: 'text' }).toJSON().cause).toBe('text');
    expect(new LeanVibeError('X', 'm').toJSON()).toEqual({
      name: 'LeanVibeError',
      code: 'X',
      message: 'm',
    });
  });

  it('option and argument errors name what was wrong', () => {
    const option = new InvalidOptionError('timeoutMs', 'bad');
    expect(option.code).toBe('INVALID_OPTION');
    expect(option.option).toBe('timeoutMs');
    expect(isInvalidOptionError(option)).toBe(true);
    const argument = new InvalidArgumentError('resource', 'bad');
    expect(argument.code).toBe('INVALID_ARGUMENT');
    expect(argument.argument).toBe('resource');
    expect(isInvalidArgumentError(argument)).toBe(true);
    expect(isInvalidArgumentError(option)).toBe(false);
  });

  it('lets other packages brand their own errors', () => {
    class PoolClosedError extends LeanVibeError {
      static {
        brandError(this, 'TestPoolClosedError');
      }
      constructor() {
        super('POOL_CLOSED', 'closed');
      }
    }
    const isPoolClosed = createErrorGuard<PoolClosedError>('TestPoolClosedError');
    expect(isPoolClosed(new PoolClosedError())).toBe(true);
    expect(isLeanVibeError(new PoolClosedError())).toBe(true);
    expect(isPoolClosed(new LeanVibeError('POOL_CLOSED', 'closed'))).toBe(false);
  });
});

describe('non-Error normalisation', () => {
  it.each([
    ['boom', 'A non-Error value was thrown: "boom" (a string)'],
    [42, 'A non-Error value was thrown: 42'],
    [undefined, 'A non-Error value was thrown: undefined'],
    [null, 'A non-Error value was thrown: null'],
    [{ reason: 'x' }, 'A non-Error value was thrown: an object {"reason":"x"}'],
  ])('turns %j into an Error that says what was thrown', (value, message) => {
    const error = toError(value);
    expect(error).toBeInstanceOf(ThrownValueError);
    expect(error.message).toBe(message);
    expect(isThrownValueError(error)).toBe(true);
    expect((error as ThrownValueError).value).toBe(value);
    expect((error as ThrownValueError).code).toBe('NON_ERROR_THROWN');
  });

  it('returns Errors unchanged', () => {
    const error = new RangeError('r');
    expect(toError(error)).toBe(error);
  });

  it('serialises without the thrown value, even a circular one', () => {
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    const error = toError(circular) as ThrownValueError;
    expect(error.message).toBe('A non-Error value was thrown: an object');
    expect(() => JSON.stringify(error)).not.toThrow();
  });
});

describe('guards across two installed copies', () => {
  const require = createRequire(import.meta.url);

  it('recognise errors from the CommonJS build and the ESM build alike', async () => {
    const cjs = require('../dist/contracts.cjs') as typeof import('../src/contracts/index.js');
    const esm = (await import(
      '../dist/contracts.js'
    )) as unknown as typeof import('../src/contracts/index.js');
    expect(cjs.PluginTimeoutError).not.toBe(esm.PluginTimeoutError);
    const fromCjs = new cjs.PluginTimeoutError('slow', { timeoutMs: 1 });
    const fromEsm = new esm.PluginTimeoutError('slow', { timeoutMs: 1 });
    expect(fromCjs instanceof esm.PluginTimeoutError).toBe(false);
    expect(esm.isPluginTimeoutError(fromCjs)).toBe(true);
    expect(cjs.isPluginTimeoutError(fromEsm)).toBe(true);
    expect(isPluginTimeoutError(fromCjs)).toBe(true);
    expect(esm.isLeanVibeError(fromCjs)).toBe(true);
    expect(esm.isPluginError(fromCjs)).toBe(true);
    expect(esm.isPluginMemoryError(fromCjs)).toBe(false);
  });
});
