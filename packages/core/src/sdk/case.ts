/**
 * camelCase ↔ snake_case for the official-SDK surface. Converts object keys deeply; leaves
 * values, Blobs, typed arrays and keys of `Record`-like maps alone when asked to.
 */
type Converter = (key: string) => string;

export const toSnakeKey: Converter = (key) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
export const toCamelKey: Converter = (key) =>
  key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * Converts keys deeply. `opaque` names keys whose values are passed through untouched
 * (JSON schemas, tool arguments, maps keyed by model id).
 */
export function convertKeys(
  value: unknown,
  convert: Converter,
  opaque: ReadonlySet<string> = new Set(),
): unknown {
  if (Array.isArray(value)) return value.map((v) => convertKeys(v, convert, opaque));
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (v === undefined) continue;
    const next = convert(key);
    out[next] = opaque.has(key) || opaque.has(next) ? v : convertKeys(v, convert, opaque);
  }
  return out;
}

/** Keys whose values are user data, not schema: never rewritten. */
export const OPAQUE_KEYS: ReadonlySet<string> = new Set([
  'parameters',
  'schema',
  'arguments',
  'loading_status',
  'loadingStatus',
  'metadata',
]);

export function snakeCase<T>(value: unknown): T {
  return convertKeys(value, toSnakeKey, OPAQUE_KEYS) as T;
}
export function camelCase<T>(value: unknown): T {
  return convertKeys(value, toCamelKey, OPAQUE_KEYS) as T;
}
