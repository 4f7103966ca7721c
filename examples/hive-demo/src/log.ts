import { createLogger, type LeanVibeLogger } from '@leanvibe/core/logger';

const LEVELS: Record<number, string> = {
  10: 'trace',
  20: 'debug',
  30: 'info',
  40: 'warn',
  50: 'error',
  60: 'fatal',
};
const HIDDEN = new Set([
  'level',
  'time',
  'pid',
  'hostname',
  'name',
  'msg',
  'plugin',
  'task',
  'err',
]);

/** Where log lines go: anything with `write`, such as a stream or a collecting array's adapter. */
export interface LineSink {
  write(text: string): unknown;
}

function field(value: unknown): string {
  if (typeof value === 'number' && !Number.isInteger(value)) return value.toFixed(2);
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/**
 * Turns one pino JSON line into a line a person reads: level, plugin, message, then the other
 * fields as `key=value`. Secrets were already redacted by the logger.
 */
export function formatLogLine(json: string): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return json.trimEnd();
  }
  const level = LEVELS[entry.level as number] ?? String(entry.level);
  const plugin = (entry.plugin as { id?: string } | undefined)?.id ?? 'host';
  const fields = Object.entries(entry)
    .filter(([key]) => !HIDDEN.has(key))
    .map(([key, value]) => `${key}=${field(value)}`);
  const error = entry.err as { message?: string } | undefined;
  if (error?.message !== undefined) fields.push(`error=${JSON.stringify(error.message)}`);
  return `  ${level.padEnd(5)} ${plugin.padEnd(7)} ${String(entry.msg ?? '')}${fields.length > 0 ? `  (${fields.join(' ')})` : ''}`;
}

/**
 * The demo's logger: `createLogger` from `@leanvibe/core/logger` (pino, redacting secrets),
 * written to `sink` as readable lines.
 */
export function createDemoLogger(
  sink: LineSink,
  level: 'info' | 'warn' | 'silent' = 'info',
): LeanVibeLogger {
  return createLogger({
    name: 'hive-demo',
    level,
    destination: { write: (line: string) => sink.write(`${formatLogLine(line)}\n`) },
  });
}
