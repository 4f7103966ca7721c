/** Keys redacted by default: matched case-insensitively, ignoring `_` and `-`, also as suffixes (`accessToken`, `client_secret`). */
export const DEFAULT_REDACT_KEYS: readonly string[] = Object.freeze([
  'password',
  'passwd',
  'passphrase',
  'secret',
  'token',
  'apikey',
  'authorization',
  'cookie',
  'privatekey',
  'credentials',
]);

const MAX_DEPTH = 12;

function normalise(key: string): string {
  return key.replace(/[-_]/g, '').toLowerCase();
}

/**
 * Builds a function that returns a copy of a log object with the values of secret-looking keys
 * replaced by `censor`, at any depth (arrays, nested objects, the fields of errors). The input is
 * never mutated; objects without secrets are returned as they are.
 */
export function createRedactor(
  keys: readonly string[],
  censor: string,
): (value: Record<string, unknown>) => Record<string, unknown> {
  const suffixes = keys.map(normalise);
  const cache = new Map<string, boolean>();
  const isSecret = (key: string): boolean => {
    let secret = cache.get(key);
    if (secret === undefined) {
      const normal = normalise(key);
      secret = suffixes.some((suffix) => normal.endsWith(suffix));
      if (cache.size < 10_000) cache.set(key, secret);
    }
    return secret;
  };

  const walk = (value: unknown, depth: number, seen: Set<object>): unknown => {
    if (typeof value !== 'object' || value === null || depth > MAX_DEPTH) return value;
    if (seen.has(value)) return value;
    seen.add(value);
    try {
      if (value instanceof Error) return walkError(value, depth, seen);
      if (Array.isArray(value)) {
        let copy: unknown[] | undefined;
        for (let i = 0; i < value.length; i++) {
          const next = walk(value[i], depth + 1, seen);
          if (next !== value[i]) {
            copy ??= [...value];
            copy[i] = next;
          }
        }
        return copy ?? value;
      }
      const proto = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) return value;
      let copy: Record<string, unknown> | undefined;
      for (const key of Object.keys(value)) {
        const current = (value as Record<string, unknown>)[key];
        const next =
          isSecret(key) && current !== undefined && current !== null
            ? censor
            : walk(current, depth + 1, seen);
        if (next !== current) {
          copy ??= { ...(value as Record<string, unknown>) };
          copy[key] = next;
        }
      }
      return copy ?? value;
    } finally {
      seen.delete(value);
    }
  };

  // An error with secrets becomes a clone of the same class (so the logger still serialises it
  // as that error), its secret fields censored; `message` and `stack` are kept.
  const walkError = (error: Error, depth: number, seen: Set<object>): Error => {
    const descriptors = Object.getOwnPropertyDescriptors(error) as Record<
      string,
      PropertyDescriptor
    >;
    let changed = false;
    for (const key of Object.keys(descriptors)) {
      const descriptor = descriptors[key] as PropertyDescriptor;
      if (key === 'message' || key === 'stack' || !('value' in descriptor)) continue;
      const current: unknown = descriptor.value;
      const next =
        isSecret(key) && current !== undefined && current !== null
          ? censor
          : walk(current, depth + 1, seen);
      if (next !== current) {
        descriptor.value = next;
        changed = true;
      }
    }
    return changed ? Object.create(Object.getPrototypeOf(error), descriptors) : error;
  };

  return (value) => walk(value, 0, new Set()) as Record<string, unknown>;
}
