import type {
  EncodedErrorJSON,
  EncodedTaskRequest,
  EncodedTaskResult,
  JsonValue,
  PluginManifest,
  TaskStatus,
  TaskStatusUpdate,
} from '@leanvibe/core/contracts';

/** What the worker thread is started with. */
export interface WorkerBoot {
  /** A `file:` URL or a bare specifier the worker imports. */
  readonly specifier: string;
  /** The host's `WakeCounter` buffer, bumped after each message it posts. */
  readonly wake: SharedArrayBuffer;
  /** How long the worker waits on it for its next task once idle (`idleWaitMs`). */
  readonly idleWaitMs: number;
}

/** The manifest as it crosses: everything but `params`, which is code and stays in the worker. */
export type CrossedManifest = Omit<PluginManifest, 'params'>;

/** Host → worker. */
export type ToWorker =
  | { readonly t: 'init'; readonly config: Readonly<Record<string, unknown>> }
  | { readonly t: 'task'; readonly id: number; readonly request: EncodedTaskRequest }
  | { readonly t: 'abort'; readonly id: number; readonly reason: EncodedErrorJSON }
  | { readonly t: 'cleanup' }
  | { readonly t: 'submitted'; readonly id: number; readonly result: EncodedTaskResult };

/** Worker → host. */
export type FromWorker =
  | { readonly t: 'loaded'; readonly manifest: CrossedManifest }
  | { readonly t: 'load-failed'; readonly error: EncodedErrorJSON }
  | { readonly t: 'init-done'; readonly error?: EncodedErrorJSON }
  | { readonly t: 'cleanup-done'; readonly error?: EncodedErrorJSON }
  | { readonly t: 'result'; readonly id: number; readonly result: EncodedTaskResult }
  | {
      readonly t: 'status';
      readonly id: number;
      readonly status: TaskStatus;
      readonly update?: TaskStatusUpdate;
    }
  | {
      readonly t: 'log';
      readonly level: 'debug' | 'info' | 'warn' | 'error';
      readonly bindings: Readonly<Record<string, unknown>>;
      readonly fields: Readonly<Record<string, unknown>> | undefined;
      readonly message: string | undefined;
    }
  | {
      readonly t: 'metric';
      readonly kind: 'counter' | 'gauge' | 'histogram';
      readonly name: string;
      readonly value: number | undefined;
      readonly labels: Readonly<Record<string, string>> | undefined;
    }
  | { readonly t: 'submit'; readonly id: number; readonly request: EncodedTaskRequest };

/** A JSON-safe stand-in for a value that cannot be cloned into a message. */
export type Crossable = JsonValue;
