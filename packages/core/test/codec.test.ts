import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import {
  assertJsonSafe,
  brandError,
  createErrorGuard,
  decodeTaskRequest,
  decodeTaskResult,
  encodeError,
  encodeTaskRequest,
  encodeTaskResult,
  findJsonProblem,
  isLeanVibeError,
  isPluginError,
  isPluginExecutionError,
  isPluginMemoryError,
  isPluginSecurityError,
  isPluginTimeoutError,
  isPluginValidationError,
  isTaskEncodingError,
  LeanVibeError,
  PluginError,
  PluginExecutionError,
  PluginMemoryError,
  PluginSecurityError,
  PluginTimeoutError,
  PluginValidationError,
  reviveError,
  TaskEncodingError,
  type TaskResult,
} from '../src/contracts/index.js';

/** Sends a value through JSON the way a queue or a worker message would. */
function wire<T>(value: T): unknown {
  return JSON.parse(JSON.stringify(value));
}

/** JSON has no -0: it arrives as 0, which is the one change the codec lets through (documented). */
function positiveZero(value: unknown): unknown {
  if (Object.is(value, -0)) return 0;
  if (Array.isArray(value)) return value.map(positiveZero);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, positiveZero(v)]));
  }
  return value;
}

class CircuitLikeError extends LeanVibeError {
  static {
    brandError(this, 'CircuitLikeError');
  }
  readonly state = 'open';
  constructor() {
    super('CIRCUIT_OPEN', 'the circuit is open', { details: { name: 'fetch' } });
  }
}
const isCircuitLikeError = createErrorGuard<CircuitLikeError>('CircuitLikeError');

describe('findJsonProblem', () => {
  test.prop([fc.jsonValue()])('accepts every JSON value, which round-trips unchanged', (value) => {
    expect(findJsonProblem(value)).toBeUndefined();
    expect(wire(value)).toEqual(positiveZero(value));
  });

  const poison = fc.constantFrom<[unknown, RegExp]>(
    [() => 1, /a function/],
    [1n, /bigint/],
    [Symbol('s'), /symbol/],
    [Number.NaN, /NaN is not a JSON number/],
    [Number.POSITIVE_INFINITY, /Infinity is not a JSON number/],
    [new Date(0), /not a plain object/],
    [new Map(), /not a plain object/],
    [new Uint8Array(2), /not a plain object/],
  );

  test.prop([fc.array(fc.string({ minLength: 1, maxLength: 5 }), { maxLength: 4 }), poison])(
    'refuses a poisoned value at any depth and names its path',
    (keys, [bad, reason]) => {
      let value: unknown = bad;
      for (const key of [...keys].reverse()) value = { [key]: value };
      const problem = findJsonProblem({ root: [value] }, 'params');
      expect(problem?.reason).toMatch(reason);
      expect(problem?.path.startsWith('params.root[0]')).toBe(true);
      expect(problem?.path.length).toBeGreaterThanOrEqual('params.root[0]'.length + keys.length);
    },
  );

  it('names paths with brackets for keys that are not identifiers', () => {
    expect(findJsonProblem({ 'a b': { ok: [1, 2, 3n] } }, 'params')).toEqual({
      path: 'params["a b"].ok[2]',
      reason: '3n (a bigint) cannot be sent as JSON',
    });
  });

  it('refuses cycles, holes, undefined in arrays and symbol keys; allows shared non-cyclic objects', () => {
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    expect(findJsonProblem(cyclic)?.reason).toMatch(/cycle/);
    const holey: number[] = [];
    holey[0] = 1;
    holey[2] = 3;
    expect(findJsonProblem(holey)).toEqual({
      path: 'value[1]',
      reason: 'a hole in a sparse array',
    });
    expect(findJsonProblem([undefined])?.reason).toBe('undefined in an array');
    expect(findJsonProblem({ [Symbol('k')]: 1 })?.reason).toMatch(/symbol keys/);
    const shared = { x: 1 };
    expect(findJsonProblem({ a: shared, b: [shared, shared] })).toBeUndefined();
    expect(findJsonProblem(Object.assign(Object.create(null), { a: 1 }))).toBeUndefined();
  });

  it('allows undefined at the root and as an object property, which JSON omits', () => {
    expect(findJsonProblem(undefined)).toBeUndefined();
    expect(findJsonProblem({ a: undefined })).toBeUndefined();
  });
});

describe('assertJsonSafe', () => {
  it('throws a coded TaskEncodingError naming the path', () => {
    const attempt = () => assertJsonSafe({ at: new Date(0) }, 'params');
    expect(attempt).toThrow(TaskEncodingError);
    try {
      attempt();
    } catch (error) {
      expect(isTaskEncodingError(error)).toBe(true);
      expect(isPluginError(error)).toBe(true);
      expect(error).toMatchObject({ code: 'TASK_NOT_SERIALIZABLE', path: 'params.at' });
      expect((error as Error).message).toMatch(/^params\.at cannot cross as JSON: /);
    }
  });
});

describe('task requests', () => {
  it('encode without the signal, keep id and trace context, and decode after the wire', () => {
    const controller = new AbortController();
    const traceContext = { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' };
    const encoded = encodeTaskRequest({
      type: 'ingest',
      params: { n: 3 },
      id: 't-1',
      signal: controller.signal,
      traceContext,
    });
    expect(encoded).toEqual({ type: 'ingest', params: { n: 3 }, id: 't-1', traceContext });
    expect(decodeTaskRequest(wire(encoded))).toEqual(encoded);
  });

  it('refuse params that would change, sending nothing', () => {
    expect(() => encodeTaskRequest({ type: 'x', params: { big: 1n } })).toThrow(
      /params\.big cannot cross/,
    );
  });

  it.each([
    [null, 'request'],
    [{ params: 1 }, 'request.type'],
    [{ type: '' }, 'request.type'],
    [{ type: 'x', id: 3 }, 'request.id'],
    [{ type: 'x', traceContext: { traceparent: 1 } }, 'request.traceContext.traceparent'],
  ])('refuse a malformed request %j at %s', (json, path) => {
    expect(() => decodeTaskRequest(json)).toThrow(
      expect.objectContaining({ code: 'TASK_NOT_SERIALIZABLE', path }),
    );
  });
});

function failure(error: PluginError): TaskResult {
  return {
    success: false,
    pluginId: 'p',
    taskId: 't',
    error,
    executionTimeMs: 4,
    memoryUsedMb: 1.5,
  };
}

describe('task results', () => {
  test.prop([fc.jsonValue()])('a success round-trips its data', (data) => {
    const result: TaskResult = {
      success: true,
      pluginId: 'p',
      taskId: 't',
      data,
      executionTimeMs: 2,
    };
    expect(decodeTaskResult(wire(encodeTaskResult(result)))).toEqual(positiveZero(result));
  });

  it('a success with data that would change becomes a coded failure', () => {
    const decoded = decodeTaskResult(
      wire(
        encodeTaskResult({
          success: true,
          pluginId: 'p',
          taskId: 't',
          data: { f: () => 1 },
          executionTimeMs: 1,
        }),
      ),
    );
    expect(decoded.success).toBe(false);
    if (decoded.success) return;
    expect(isTaskEncodingError(decoded.error)).toBe(true);
    expect(decoded.error).toMatchObject({ pluginId: 'p', taskId: 't', path: 'data.f' });
  });

  it('a void success crosses as undefined data', () => {
    const decoded = decodeTaskResult(
      wire(
        encodeTaskResult({
          success: true,
          pluginId: 'p',
          taskId: 't',
          data: undefined,
          executionTimeMs: 1,
        }),
      ),
    );
    expect(decoded).toEqual({
      success: true,
      pluginId: 'p',
      taskId: 't',
      data: undefined,
      executionTimeMs: 1,
    });
  });

  const cases: [string, PluginError, (e: unknown) => boolean, Record<string, unknown>][] = [
    [
      'timeout',
      new PluginTimeoutError('slow', {
        timeoutMs: 250,
        operation: 'execute',
        pluginId: 'p',
        taskId: 't',
      }),
      isPluginTimeoutError,
      { code: 'PLUGIN_TIMEOUT', timeoutMs: 250, operation: 'execute' },
    ],
    [
      'validation',
      new PluginValidationError('bad', { issues: [{ path: ['a', 0], message: 'Required' }] }),
      isPluginValidationError,
      { code: 'PLUGIN_VALIDATION', issues: [{ path: ['a', 0], message: 'Required' }] },
    ],
    [
      'security',
      new PluginSecurityError('no', {
        violation: 'blocked_address',
        code: 'SECURITY_BLOCKED_ADDRESS',
        requiredPermission: 'net:fetch',
      }),
      isPluginSecurityError,
      {
        code: 'SECURITY_BLOCKED_ADDRESS',
        violation: 'blocked_address',
        requiredPermission: 'net:fetch',
      },
    ],
    [
      'memory',
      new PluginMemoryError('big', { limitMb: 64, usedMb: 70 }),
      isPluginMemoryError,
      { code: 'PLUGIN_MEMORY', limitMb: 64, usedMb: 70 },
    ],
    [
      'execution',
      new PluginExecutionError('crash', { details: { attempt: 2 } }),
      isPluginExecutionError,
      { code: 'PLUGIN_EXECUTION', details: { attempt: 2 } },
    ],
    [
      'plain plugin error',
      new PluginError('odd', { code: 'PLUGIN_CUSTOM' }),
      isPluginError,
      { code: 'PLUGIN_CUSTOM' },
    ],
  ];

  it.each(cases)(
    'a %s failure comes back as its class with its fields',
    (_, error, guard, fields) => {
      const decoded = decodeTaskResult(wire(encodeTaskResult(failure(error))));
      expect(decoded).toMatchObject({
        success: false,
        pluginId: 'p',
        taskId: 't',
        executionTimeMs: 4,
        memoryUsedMb: 1.5,
      });
      if (decoded.success) return;
      expect(guard(decoded.error)).toBe(true);
      expect(decoded.error.constructor).toBe(error.constructor);
      expect(decoded.error).toMatchObject({ ...fields, message: error.message, name: error.name });
      expect(decoded.error.stack).toBe(error.stack);
    },
  );

  it("keeps the cause chain, and another package's guard still recognises its error", () => {
    const root = new TypeError('socket hang up');
    const breaker = new CircuitLikeError();
    Object.defineProperty(breaker, 'cause', { value: root });
    const error = new PluginExecutionError('fetch failed', {
      cause: breaker,
      pluginId: 'p',
      taskId: 't',
    });
    const decoded = decodeTaskResult(wire(encodeTaskResult(failure(error))));
    if (decoded.success) throw new Error('expected a failure');
    const cause = decoded.error.cause as Error & { code: string; state: string; details: unknown };
    expect(isLeanVibeError(cause)).toBe(true);
    expect(isCircuitLikeError(cause)).toBe(true);
    expect(cause).toMatchObject({
      name: 'CircuitLikeError',
      code: 'CIRCUIT_OPEN',
      state: 'open',
      details: { name: 'fetch' },
    });
    expect(cause.cause).toBeInstanceOf(TypeError);
    expect((cause.cause as Error).message).toBe('socket hang up');
  });

  it('a failure whose error is not a plugin error is wrapped, keeping the revived error as cause', () => {
    const json = wire({
      success: false,
      pluginId: 'p',
      taskId: 't',
      executionTimeMs: 1,
      error: encodeError(new RangeError('r')),
    });
    const decoded = decodeTaskResult(json);
    if (decoded.success) throw new Error('expected a failure');
    expect(isPluginExecutionError(decoded.error)).toBe(true);
    expect(decoded.error.cause).toBeInstanceOf(RangeError);
  });

  it.each([
    [{ success: 'yes' }, 'result.success'],
    [{ success: true, taskId: 't', executionTimeMs: 1 }, 'result.pluginId'],
    [
      { success: false, pluginId: 'p', taskId: 't', executionTimeMs: 1, error: 'boom' },
      'result.error',
    ],
  ])('refuses a malformed result %j at %s', (json, path) => {
    expect(() => decodeTaskResult(json)).toThrow(
      expect.objectContaining({ code: 'TASK_NOT_SERIALIZABLE', path }),
    );
  });
});

describe('encodeError', () => {
  it('describes a thrown non-Error and details JSON cannot carry', () => {
    expect(encodeError('boom')).toMatchObject({
      code: 'NON_ERROR_THROWN',
      message: 'A non-Error value was thrown: "boom" (a string)',
    });
    const encoded = encodeError(new LeanVibeError('X_Y', 'm', { details: { n: 1n, ok: true } }));
    expect(encoded.details).toEqual({ n: '1n (a bigint)', ok: true });
  });

  it('stops a cause cycle', () => {
    const a = new Error('a');
    const b = new Error('b', { cause: a });
    Object.defineProperty(a, 'cause', { value: b });
    let depth = 0;
    for (let e = encodeError(a); e.cause !== undefined; e = e.cause) depth += 1;
    expect(depth).toBe(8);
    expect(reviveError(encodeError(a)).message).toBe('a');
  });
});
