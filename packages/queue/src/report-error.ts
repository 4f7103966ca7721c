import type { Logger } from '@leanvibe/core/contracts';

/**
 * A listener for the `error` events of clients and BullMQ objects: each is logged at `warn`
 * and otherwise left to the client's own reconnect (an unheard `error` event would crash).
 */
export function reportError(
  logger: Logger,
  queue: string,
  source: string,
): (error: unknown) => void {
  return (error) => {
    logger.warn({ err: error, queue, source }, `queue "${queue}": ${source} error`);
  };
}
