import { ValidationError } from '../errors/error-classes.js';

/** `messages[0].content` style path of a property below `parent`. */
function childPath(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  return parent === '' ? key : `${parent}.${key}`;
}

/** The top-level field a path starts with (`messages[0].content` → `messages`). */
function paramOf(path: string): string {
  return path.split(/[.[]/)[0] ?? path;
}

/**
 * What is wrong with a value `JSON.stringify` would silently change or refuse, or `undefined`.
 * NaN, ±Infinity and undefined array items would become `null`; functions and symbols would
 * vanish; a BigInt, or a
 * Map or Set (sent as `{}`), cannot be written as JSON faithfully.
 */
function problemWith(value: unknown): string | undefined {
  switch (typeof value) {
    case 'number':
      return Number.isFinite(value) ? undefined : `is ${value}, which JSON cannot carry`;
    case 'bigint':
      return 'is a BigInt, which JSON cannot carry (pass a number or a string)';
    case 'undefined':
      // Only array items reach here: undefined object fields are skipped as "not set".
      return 'is undefined, which JSON would send as null';
    case 'function':
    case 'symbol':
      return `is a ${typeof value}, which JSON cannot carry`;
    case 'object':
      if (value instanceof Map || value instanceof Set)
        return `is a ${value instanceof Map ? 'Map' : 'Set'}, which JSON would send as {}`;
      return undefined;
    default:
      return undefined;
  }
}

/**
 * Refuses a request body that would not survive `JSON.stringify` unchanged, with a
 * {@link ValidationError} naming the path of the first bad value (`messages[1].content[0].text`):
 * NaN/Infinity, BigInt, functions, symbols, Maps, Sets and cycles. `undefined` object fields are
 * fine (they mean "not set"); values with a `toJSON` method (a `Date`) are left to it.
 */
export function checkJSONBody(body: object): void {
  // The objects on the current path: a cycle is an object met again while inside itself.
  const ancestors = new Set<object>();
  const visit = (value: unknown, path: string): void => {
    const problem = problemWith(value);
    if (problem !== undefined) {
      throw new ValidationError({
        message: `${path} ${problem}.`,
        code: 'invalid_request',
        param: paramOf(path),
        details: { param: paramOf(path), path },
      });
    }
    if (typeof value !== 'object' || value === null) return;
    if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return;
    if (ancestors.has(value)) {
      throw new ValidationError({
        message: `${path} refers back to an object that contains it (a cycle), which JSON cannot carry.`,
        code: 'invalid_request',
        param: paramOf(path),
        details: { param: paramOf(path), path },
      });
    }
    ancestors.add(value);
    if (Array.isArray(value)) {
      for (const [index, item] of value.entries()) visit(item, childPath(path, index));
    } else {
      for (const [key, item] of Object.entries(value)) {
        if (item !== undefined) visit(item, childPath(path, key));
      }
    }
    ancestors.delete(value);
  };
  for (const [key, item] of Object.entries(body)) {
    if (item !== undefined) visit(item, key);
  }
}
