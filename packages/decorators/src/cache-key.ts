import { describeValue, InvalidArgumentError } from '@leanvibe/core/contracts';

const OPEN_PAREN = 0x28;

function refuse(index: number, value: unknown, why: string): never {
  throw new InvalidArgumentError(
    `args[${index}]`,
    `cannot derive a cache key from argument ${index} (${describeValue(value)}): ${why}; ` +
      'pass a `key` option to `cachedResult`',
  );
}

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function part(value: unknown, index: number, seen: Set<object>): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      return Object.is(value, -0) ? '0' : String(value);
    case 'bigint':
      return `${value}n`;
    case 'boolean':
    case 'undefined':
      return String(value);
    case 'object': {
      if (value === null) return 'null';
      if (seen.has(value)) refuse(index, value, 'it is circular');
      if (value instanceof Date) return `Date(${value.getTime()})`;
      seen.add(value);
      let text: string;
      if (Array.isArray(value)) {
        text = `[${value.map((item) => part(item, index, seen)).join(',')}]`;
      } else if (isPlainObject(value)) {
        const record = value as Record<string, unknown>;
        const fields = Object.keys(record)
          .sort()
          .map((key) => `${JSON.stringify(key)}:${part(record[key], index, seen)}`);
        text = `{${fields.join(',')}}`;
      } else {
        refuse(index, value, 'only primitives, arrays, Dates and plain objects are keyed by value');
      }
      seen.delete(value);
      return text;
    }
    default:
      return refuse(index, value, `a ${typeof value} has no stable value`);
  }
}

/**
 * The default cache key of a call: a lone primitive argument is its own key (no work on the hot
 * path); anything else becomes a canonical string, with object keys sorted, so equal arguments
 * give equal keys and different ones never collide. Functions, symbols, class instances and
 * circular values are refused: give `cachedResult` a `key` for those.
 */
export function defaultCacheKey(args: readonly unknown[]): unknown {
  if (args.length === 1) {
    const only = args[0];
    const type = typeof only;
    if (type === 'number' || type === 'boolean' || type === 'bigint' || only == null) return only;
    // A composite key always starts with '(', so a lone string only stands for itself otherwise.
    if (type === 'string' && (only as string).charCodeAt(0) !== OPEN_PAREN) return only;
  }
  const seen = new Set<object>();
  let key = '(';
  for (let index = 0; index < args.length; index++) {
    if (index > 0) key += ',';
    key += part(args[index], index, seen);
  }
  return `${key})`;
}
