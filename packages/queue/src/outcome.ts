import type { PluginError } from '@leanvibe/core/contracts';

/**
 * Failure codes that are final at once: retrying cannot help, so BullMQ is told not to. Every
 * other failure (a timeout, an open circuit, an execution error, a full plugin queue...) goes back
 * to BullMQ for its retry and backoff. Codes starting with `SECURITY_` are final too.
 */
export const FINAL_FAILURE_CODES: ReadonlySet<string> = new Set([
  'PLUGIN_VALIDATION',
  'PLUGIN_INVALID_REQUEST',
  'PLUGIN_NOT_FOUND',
  'PLUGIN_CANCELLED',
  'PLUGIN_SECURITY',
  'TASK_NOT_SERIALIZABLE',
]);

/** True when a failure with this error must not be retried (see {@link FINAL_FAILURE_CODES}). */
export function isFinalFailure(error: Pick<PluginError, 'code'>): boolean {
  return FINAL_FAILURE_CODES.has(error.code) || error.code.startsWith('SECURITY_');
}

/** Prefixes a failed job's reason that carries an encoded task result. */
export const RESULT_MARK = 'leanvibe-result:';
