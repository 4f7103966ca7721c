import { PluginBase, type Task, type TaskScope } from '@leanvibe/core';
import { abortReason } from '@leanvibe/core/contracts';
import * as z from 'zod';

export const echoParams = z.object({
  text: z.string().max(20),
  times: z.number().int().min(1).max(5).default(1),
  /** Waits this long on the plugin's clock, honouring the task's signal. */
  delayMs: z.number().int().min(0).max(10_000).optional(),
});
export type EchoParams = z.output<typeof echoParams>;

/**
 * A `PluginBase` subclass with a time limit of its own (so outside a host the base class
 * enforces it) and a timer it holds between initialize and cleanup.
 */
export class EchoPlugin extends PluginBase<EchoParams, string> {
  #heartbeat: ReturnType<PluginBase['clock']['setTimeout']> | undefined;

  constructor(
    options: {
      readonly name?: string;
      readonly schemaless?: boolean;
      readonly dependencies?: readonly string[];
    } = {},
  ) {
    super({
      name: options.name ?? 'echo',
      version: '1.0.0',
      type: 'custom',
      taskTypes: [`${options.name ?? 'echo'}.say`],
      sdk: '^0.1.0',
      ...(options.schemaless ? {} : { params: echoParams }),
      ...(options.dependencies === undefined ? {} : { dependencies: options.dependencies }),
      limits: { maxExecutionTimeMs: 5_000, concurrency: 4 },
    });
  }

  protected override onInitialize(): void {
    this.#heartbeat = this.clock.setTimeout(() => {}, 60_000);
  }

  protected override onCleanup(): void {
    if (this.#heartbeat !== undefined) this.clock.clearTimeout(this.#heartbeat);
    this.#heartbeat = undefined;
  }

  async handleTask(task: Task<EchoParams>, scope: TaskScope<EchoParams, string>): Promise<string> {
    const { text, times = 1, delayMs } = task.params;
    if (delayMs !== undefined) {
      await new Promise<void>((resolve, reject) => {
        const onAbort = (): void => {
          this.clock.clearTimeout(timer);
          reject(abortReason(scope.signal));
        };
        const timer = this.clock.setTimeout(() => {
          scope.signal.removeEventListener('abort', onAbort);
          resolve();
        }, delayMs);
        scope.signal.addEventListener('abort', onAbort, { once: true });
      });
    }
    task.updateStatus('running', { progress: 1 });
    return String(text).repeat(times);
  }
}
