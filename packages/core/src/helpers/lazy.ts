import { checkFunction, checkOptionsObject } from '../contracts/index.js';

/** Options of {@link lazy}. */
export interface LazyOptions<T> {
  /**
   * Releases the value on `dispose()`. By default the value's own `Symbol.asyncDispose` or
   * `Symbol.dispose` is used, when it has one.
   */
  readonly dispose?: (value: T) => void | Promise<void>;
}

/** A value created on first use, once. */
export interface Lazy<T> extends AsyncDisposable {
  /**
   * The value, created by the first call; concurrent first calls share one creation. A failed
   * creation is not remembered: the next call tries again.
   */
  get(): Promise<T>;
  /** True once a creation has succeeded (and until `dispose()`). */
  readonly isCreated: boolean;
  /** The value if created, else `undefined`; never triggers a creation. */
  peek(): T | undefined;
  /** Disposes the value if it was created (waiting for a creation under way); the next `get()` creates afresh. */
  dispose(): Promise<void>;
}

async function disposeValue<T>(value: T, dispose: LazyOptions<T>['dispose']): Promise<void> {
  if (dispose !== undefined) return dispose(value);
  if (typeof value !== 'object' || value === null) return;
  const disposable = value as Partial<AsyncDisposable & Disposable>;
  const asyncDispose = disposable[Symbol.asyncDispose];
  const syncDispose = disposable[Symbol.dispose];
  if (typeof asyncDispose === 'function') await asyncDispose.call(value);
  else if (typeof syncDispose === 'function') syncDispose.call(value);
}

/**
 * Defers an expensive creation (a heavy module, a connection) to first use, as the guide's lazy
 * loading: one creation however many callers ask at once, retried after a failure, disposable.
 *
 * @example
 * ```ts
 * const parser = lazy(() => import('./heavy-parser.js'));
 * const { parse } = await parser.get(); // loaded on the first call only
 * ```
 */
export function lazy<T>(factory: () => T | Promise<T>, options: LazyOptions<T> = {}): Lazy<T> {
  checkFunction('factory', factory);
  checkOptionsObject('options', options);
  if (options.dispose !== undefined) checkFunction('dispose', options.dispose);
  let pending: Promise<T> | undefined;
  let created = false;
  let value: T | undefined;

  const get = (): Promise<T> => {
    if (pending === undefined) {
      const attempt = (async () => factory())();
      pending = attempt;
      attempt.then(
        (result) => {
          if (pending !== attempt) return;
          created = true;
          value = result;
        },
        () => {
          if (pending === attempt) pending = undefined;
        },
      );
    }
    return pending;
  };

  const dispose = async (): Promise<void> => {
    const current = pending;
    if (current === undefined) return;
    pending = undefined;
    created = false;
    value = undefined;
    let result: T;
    try {
      result = await current;
    } catch {
      return;
    }
    await disposeValue(result, options.dispose);
  };

  return {
    get,
    get isCreated() {
      return created;
    },
    peek: () => value,
    dispose,
    [Symbol.asyncDispose]: dispose,
  };
}
