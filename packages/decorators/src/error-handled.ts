import {
  type Clock,
  checkBoolean,
  checkFunction,
  checkOptionsObject,
  checkString,
  invalidOption,
  isPluginError,
  type Logger,
  type PluginError,
  PluginExecutionError,
  type TaskFailure,
  type TaskResult,
  toError,
} from '@leanvibe/core/contracts';
import { isThenable, loggerOf, methodLabel, ownerOf, pluginIdOf } from './instance.js';
import {
  defineMethodDecorator,
  type Method,
  type MethodInfo,
  wrapFunction,
} from './method-decorator.js';
import { checkClock, checkLogger } from './options.js';

/** Options of {@link errorHandled} and {@link handled}. */
export interface ErrorHandledOptions {
  /** Log each failure at `error` level, with the error as `err`. @default true */
  readonly logErrors?: boolean;
  /**
   * Return `undefined` instead of throwing. Only accepted (by the types) on methods whose result
   * allows `undefined`.
   * @default false
   */
  readonly suppressErrors?: boolean;
  /**
   * Return a failed `TaskResult` instead of throwing. Only accepted (by the types) on methods
   * that return a `TaskResult`.
   * @default false
   */
  readonly toResult?: boolean;
  /** The `pluginId` of wrapped errors and failed results. @default the instance's `this.pluginId`, else the class name */
  readonly pluginId?: string;
  /** Where failures are logged. @default the instance's `this.logger`, else a no-op logger */
  readonly logger?: Logger;
  /** Measures `executionTimeMs` of failed results. @default systemClock */
  readonly clock?: Clock;
}

type Flag<O, K extends string> = O extends { readonly [P in K]: infer V }
  ? true extends V
    ? true
    : false
  : false;

/** Why `options` cannot decorate a method returning `Return`, or `never` when it can. */
export type ErrorHandledRefusal<Return, O> =
  Flag<O, 'toResult'> extends true
    ? Awaited<Return> extends TaskResult<unknown>
      ? never
      : '`toResult` needs a method that returns a TaskResult'
    : Flag<O, 'suppressErrors'> extends true
      ? undefined extends Awaited<Return>
        ? never
        : '`suppressErrors` needs a method whose result allows undefined'
      : never;

type Refuse<Return, O> = [ErrorHandledRefusal<Return, O>] extends [never]
  ? unknown
  : { readonly refused: ErrorHandledRefusal<Return, O> };

/**
 * The decorator {@link errorHandled} returns: like a {@link MethodDecorator}, but its type
 * refuses `suppressErrors` on a method whose result excludes `undefined`, and `toResult` on a
 * method that does not return a `TaskResult` (a decorator cannot change a method's type).
 */
export interface ErrorHandledDecorator<O> {
  /** The TC39 standard decorator form. */
  <This, Args extends unknown[], Return>(
    value: (this: This, ...args: Args) => Return,
    context: ClassMethodDecoratorContext<This, (this: This, ...args: Args) => Return> &
      Refuse<Return, O>,
  ): (this: This, ...args: Args) => Return;
  /** The legacy (`experimentalDecorators`) form. */
  <F extends (...args: never[]) => unknown>(
    target: object,
    propertyKey: string | symbol,
    descriptor: TypedPropertyDescriptor<F> & Refuse<ReturnType<F>, O>,
  ): TypedPropertyDescriptor<F>;
}

interface HandleConfig {
  readonly logErrors: boolean;
  readonly suppressErrors: boolean;
  readonly toResult: boolean;
  readonly pluginId: string | undefined;
  readonly logger: Logger | undefined;
  readonly clock: Clock;
}

function normalize(options: ErrorHandledOptions | undefined): HandleConfig {
  const given = checkOptionsObject('options', options);
  const suppressErrors = checkBoolean('suppressErrors', given.suppressErrors ?? false);
  const toResult = checkBoolean('toResult', given.toResult ?? false);
  if (suppressErrors && toResult) {
    throw invalidOption('toResult', 'false when `suppressErrors` is set (choose one)', toResult);
  }
  return {
    logErrors: checkBoolean('logErrors', given.logErrors ?? true),
    suppressErrors,
    toResult,
    pluginId: given.pluginId === undefined ? undefined : checkString('pluginId', given.pluginId),
    logger: checkLogger(given.logger),
    clock: checkClock(given.clock),
  };
}

function taskIdOf(args: readonly unknown[]): string | undefined {
  for (const arg of args) {
    if (typeof arg !== 'object' || arg === null) continue;
    const { id, type } = arg as { id?: unknown; type?: unknown };
    if (typeof id === 'string' && typeof type === 'string') return id;
  }
  return undefined;
}

function handleWrapper(config: HandleConfig) {
  return (original: Method, info: MethodInfo): Method => {
    const fail = (self: unknown, args: readonly unknown[], thrown: unknown, start: number) => {
      const label = methodLabel(self, info.name);
      const pluginId = config.pluginId ?? pluginIdOf(self);
      const taskId = taskIdOf(args);
      const error: PluginError = isPluginError(thrown)
        ? thrown
        : new PluginExecutionError(`${label} failed: ${toError(thrown).message}`, {
            cause: toError(thrown),
            details: { method: label },
            ...(pluginId === undefined ? {} : { pluginId }),
            ...(taskId === undefined ? {} : { taskId }),
          });
      if (config.logErrors) {
        loggerOf(self, config.logger).error({ err: error, method: label }, `${label} failed`);
      }
      if (config.toResult) {
        const failure: TaskFailure = {
          success: false,
          pluginId: pluginId ?? ownerOf(self) ?? info.name,
          taskId: taskId ?? '',
          error,
          executionTimeMs: config.clock.now() - start,
        };
        return failure;
      }
      if (config.suppressErrors) return undefined;
      throw error;
    };

    return function errorHandled(this: unknown, ...args: unknown[]): unknown {
      const start = config.toResult ? config.clock.now() : 0;
      let result: unknown;
      try {
        result = original.apply(this, args);
      } catch (error) {
        return fail(this, args, error, start);
      }
      if (!isThenable(result)) return result;
      return Promise.resolve(result).then(undefined, (error: unknown) =>
        fail(this, args, error, start),
      );
    };
  };
}

/**
 * Handles a method's failures in one place: an error that is not already a `PluginError` is
 * wrapped in a `PluginExecutionError` (the original as `cause`), logged through the instance's
 * `Logger` (`this.logger`, else the one given, else none), and then rethrown — or, with
 * `suppressErrors`, turned into `undefined`, or, with `toResult`, into a failed `TaskResult`.
 * Synchronous methods stay synchronous.
 *
 * A decorator cannot change a method's type, so the returned decorator's types accept
 * `suppressErrors` only on methods whose result allows `undefined`, and `toResult` only on
 * methods returning a `TaskResult`.
 *
 * Works as a TC39 decorator and as a legacy (`experimentalDecorators`) one. Put it outermost
 * (above `@asyncPluginMethod`, `@withPolicy`, `@performanceTracked`), so it sees their errors.
 *
 * @example
 * ```ts
 * class Worker {
 *   @errorHandled({ toResult: true })
 *   async handle(task: Task): Promise<TaskResult<number>> {
 *     const data = await compute(task.params);
 *     return { success: true, pluginId: 'worker', taskId: task.id, data, executionTimeMs: 0 };
 *   }
 * }
 * ```
 */
export function errorHandled<const O extends ErrorHandledOptions = {}>(
  options?: O,
): ErrorHandledDecorator<O> {
  const decorator = defineMethodDecorator('errorHandled', handleWrapper(normalize(options)));
  return decorator as unknown as ErrorHandledDecorator<O>;
}

/** A result that may also be `undefined`, synchronously or once awaited. */
export type OrUndefined<Return> =
  Return extends PromiseLike<infer T> ? Promise<T | undefined> : Return | undefined;

/** A `TaskResult`, or a promise of one. */
export type TaskResultLike = TaskResult<unknown> | PromiseLike<TaskResult<unknown>>;

/**
 * The function form of {@link errorHandled}. Unlike the decorator it may change the function's
 * type: with `suppressErrors` the result allows `undefined`.
 *
 * @example
 * ```ts
 * const readConfig = handled((path: string) => JSON.parse(readFileSync(path, 'utf8')), {
 *   suppressErrors: true,
 * });
 * ```
 */
export function handled<This, Args extends unknown[], Return extends TaskResultLike>(
  fn: (this: This, ...args: Args) => Return,
  options: ErrorHandledOptions & { readonly toResult: true; readonly suppressErrors?: false },
): (this: This, ...args: Args) => Return;
export function handled<This, Args extends unknown[], Return>(
  fn: (this: This, ...args: Args) => Return,
  options: ErrorHandledOptions & { readonly suppressErrors: true; readonly toResult?: false },
): (this: This, ...args: Args) => OrUndefined<Return>;
export function handled<This, Args extends unknown[], Return>(
  fn: (this: This, ...args: Args) => Return,
  options?: ErrorHandledOptions & { readonly suppressErrors?: false; readonly toResult?: false },
): (this: This, ...args: Args) => Return;
export function handled(fn: Method, options?: ErrorHandledOptions): Method {
  checkFunction('fn', fn);
  const config = normalize(options);
  return wrapFunction(fn, { name: fn.name || 'anonymous' }, handleWrapper(config));
}
