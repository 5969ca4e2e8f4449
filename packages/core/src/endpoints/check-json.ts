import { invalid } from '../errors/builders.js';

/** A path of keys as `messages[0].content`. */
function pathText(keys: readonly (string | number)[]): string {
  return keys
    .map((key, index) => (typeof key === 'number' ? `[${key}]` : index === 0 ? key : `.${key}`))
    .join('');
}

/**
 * What is wrong with a value `JSON.stringify` would silently change or refuse, or `undefined`.
 * NaN, ±Infinity and undefined array items would become `null`; functions and symbols would
 * vanish; a BigInt, a Map or a Set (sent as `{}`) cannot be written as JSON faithfully.
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
 * `ValidationError` naming the path of the first bad value (`messages[1].content[0].text`):
 * NaN/Infinity, BigInt, functions, symbols, Maps, Sets and cycles. `undefined` object fields are
 * fine (they mean "not set"); values with a `toJSON` method (a `Date`) are left to it.
 */
export function checkJSONBody(body: object): void {
  // The keys from the body down to the current value; text is made only for an error.
  const path: (string | number)[] = [];
  // The objects on the current path: a cycle is an object met again while inside itself.
  const ancestors = new Set<object>();
  const fail = (problem: string): never => {
    const where = pathText(path);
    throw invalid(`${where} ${problem}.`, String(path[0]), { details: { path: where } });
  };
  const visit = (value: unknown): void => {
    const problem = problemWith(value);
    if (problem !== undefined) fail(problem);
    if (typeof value !== 'object' || value === null) return;
    if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return;
    if (ancestors.has(value))
      fail('refers back to an object that contains it (a cycle), which JSON cannot carry');
    ancestors.add(value);
    if (Array.isArray(value)) {
      for (let index = 0; index < value.length; index++) visitChild(index, value[index]);
    } else {
      for (const key of Object.keys(value)) {
        const item = (value as Record<string, unknown>)[key];
        if (item !== undefined) visitChild(key, item);
      }
    }
    ancestors.delete(value);
  };
  const visitChild = (key: string | number, value: unknown): void => {
    path.push(key);
    visit(value);
    path.pop();
  };
  for (const key of Object.keys(body)) {
    const item = (body as Record<string, unknown>)[key];
    if (item !== undefined) visitChild(key, item);
  }
}
