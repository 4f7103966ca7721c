const MAX_DESCRIPTION = 120;

function truncate(text: string): string {
  return text.length > MAX_DESCRIPTION ? `${text.slice(0, MAX_DESCRIPTION - 1)}…` : text;
}

/**
 * Describes any value in a few words for an error message: strings quoted, numbers as written,
 * objects by their constructor and a short JSON preview.
 *
 * @example
 * ```ts
 * describeValue(-1); // '-1'
 * describeValue('5'); // '"5" (a string)'
 * describeValue({ a: 1 }); // 'an object {"a":1}'
 * ```
 */
export function describeValue(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return `${truncate(JSON.stringify(value))} (a string)`;
    case 'number':
      return Object.is(value, -0) ? '-0' : String(value);
    case 'bigint':
      return `${value}n (a bigint)`;
    case 'boolean':
    case 'undefined':
      return String(value);
    case 'symbol':
      return `${value.toString()} (a symbol)`;
    case 'function':
      return `a function ${value.name || '(anonymous)'}`;
    default:
      return describeObject(value as object | null);
  }
}

function describeObject(value: object | null): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (value instanceof Error) return `${value.name}: ${truncate(value.message)}`;
  const ctor = (value as { constructor?: { name?: unknown } }).constructor;
  const name = typeof ctor?.name === 'string' && ctor.name !== 'Object' ? ctor.name : undefined;
  let preview: string | undefined;
  try {
    preview = JSON.stringify(value);
  } catch {
    preview = undefined;
  }
  const label = name === undefined ? 'an object' : `an instance of ${name}`;
  return preview === undefined || preview === '{}' ? label : `${label} ${truncate(preview)}`;
}
