export type { QueueConnection } from './connection.js';
export {
  isQueueJobGoneError,
  isQueueUnavailableError,
  QueueJobGoneError,
  QueueUnavailableError,
} from './errors.js';
export type { TaskHandle, TaskJobStatus } from './handle.js';
export type { QueueHost } from './host.js';
export { QUEUE_METRICS } from './names.js';
export { FINAL_FAILURE_CODES, isFinalFailure } from './outcome.js';
export type { Submission, TaskQueue, TaskQueueOptions } from './producer.js';
export { createTaskQueue } from './producer.js';
export type { QueueBaseOptions } from './queue-options.js';
export type { QueueCounts } from './sampler.js';
export type { SubmitOptions, TaskPriority } from './submit-options.js';
export { TASK_PRIORITIES } from './submit-options.js';
export type { QueueWorker, QueueWorkerHealth, ServeOptions } from './worker.js';
export { serveQueue } from './worker.js';
