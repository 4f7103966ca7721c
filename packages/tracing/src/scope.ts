import { AsyncLocalStorage } from 'node:async_hooks';
import type { Context, Span } from '@opentelemetry/api';

/**
 * Where a task's async path is: the OpenTelemetry context its events and child spans belong
 * to. A host publishes a task's `start` just before it calls the plugin, on the same
 * synchronous path, so the instrumentation enters the task's scope there (`enterWith`) and the
 * handler's whole async path inherits it. The scope also outlives the task on the caller's
 * path; `ended` tells a finished scope apart, and lookups then fall back to its `parent`.
 */
export interface TraceScope {
  /** The context the scope stands for: the task span's, or a continued remote parent's. */
  readonly context: Context;
  /** The task's span; absent for a scope that only carries a remote parent. */
  readonly span?: Span;
  /** The instrumentation that owns the span (events are recorded by their owner only). */
  readonly owner?: object;
  /** The scope that was current when this one began. */
  readonly parent: TraceScope | undefined;
  ended: boolean;
}

/** The storage every instrumentation of this process shares. */
export const scopes: AsyncLocalStorage<TraceScope> = new AsyncLocalStorage<TraceScope>();

/** The innermost scope on this async path that has not ended. */
export function currentScope(): TraceScope | undefined {
  let scope = scopes.getStore();
  while (scope?.ended) scope = scope.parent;
  return scope;
}
