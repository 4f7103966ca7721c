/** Thrown for a bad command line; the message says which option and why. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** The number an option was given, `fallback` when absent; a {@link UsageError} naming it when bad. */
export function number(
  name: string,
  raw: string | undefined,
  fallback: number,
  check: (n: number) => boolean,
  expected: string,
): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value) || !check(value)) {
    throw new UsageError(`--${name} must be ${expected}, got "${raw}"`);
  }
  return value;
}
