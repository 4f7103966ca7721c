import { AsyncLocalStorage } from 'node:async_hooks';
import { neverAbortedSignal, onAbort } from '@leanvibe/core/contracts';

/** What a decorated method's asynchronous context holds: the signal it should honour. */
export interface Scope {
  readonly signal: AbortSignal;
}

// One storage per process, shared by every installed copy of this package (ESM and CommonJS
// builds included), so that `currentSignal()` from one copy sees scopes opened by another.
const STORAGE_KEY = Symbol.for('leanvibe.decorators.scope');

/** The process-wide storage of scopes, created on first use (nothing happens on import). */
export function scopeStorage(): AsyncLocalStorage<Scope> {
  const holder = globalThis as { [STORAGE_KEY]?: AsyncLocalStorage<Scope> };
  holder[STORAGE_KEY] ??= new AsyncLocalStorage<Scope>();
  return holder[STORAGE_KEY];
}

/** The innermost scope of the running decorated method, if any. */
export function activeScope(): Scope | undefined {
  const holder = globalThis as { [STORAGE_KEY]?: AsyncLocalStorage<Scope> };
  return holder[STORAGE_KEY]?.getStore();
}

/**
 * The signal of the decorated method running now: it aborts when the method's
 * `@asyncPluginMethod` deadline passes (its reason is the `PluginTimeoutError`), or when the
 * policy of `@withPolicy` cancels the attempt; a nested method's signal also follows its
 * caller's. Outside any such method it is a shared signal that never aborts, so it can always
 * be handed on (`fetch(url, { signal: currentSignal() })`).
 *
 * It is read from `AsyncLocalStorage`, so it is right across `await`s, timers and callbacks,
 * and a decorated method keeps its own signature.
 *
 * @example
 * ```ts
 * class Fetcher {
 *   @asyncPluginMethod({ timeoutMs: 5_000 })
 *   async fetchJson(url: string): Promise<unknown> {
 *     const response = await fetch(url, { signal: currentSignal() });
 *     return response.json();
 *   }
 * }
 * ```
 */
export function currentSignal(): AbortSignal {
  return activeScope()?.signal ?? neverAbortedSignal();
}

/**
 * The scope of one `@asyncPluginMethod` call. Its `AbortController` is created only when the
 * method asks for `currentSignal()` (a controller costs ~1.7 µs on Node 20), and links to the
 * caller's scope only then, with one listener removed by {@link DeadlineScope.dispose}.
 */
export class DeadlineScope implements Scope {
  #controller: AbortController | undefined;
  #reason: unknown;
  #expired = false;
  #settled = false;
  #unlink: (() => void) | undefined;
  readonly #parent: Scope | undefined;

  constructor(parent: Scope | undefined) {
    this.#parent = parent;
  }

  get signal(): AbortSignal {
    if (this.#controller === undefined) {
      const controller = new AbortController();
      this.#controller = controller;
      if (this.#expired) controller.abort(this.#reason);
      else if (this.#parent !== undefined && !this.#settled) {
        this.#unlink = onAbort(this.#parent.signal, (reason) => controller.abort(reason));
      }
    }
    return this.#controller.signal;
  }

  /** Marks the deadline as passed: the signal (now or when first read) aborts with `reason`. */
  expire(reason: unknown): void {
    this.#expired = true;
    this.#reason = reason;
    this.dispose();
    this.#controller?.abort(reason);
  }

  /** Detaches from the caller's signal once the call has settled. */
  dispose(): void {
    this.#settled = true;
    this.#unlink?.();
    this.#unlink = undefined;
  }
}
