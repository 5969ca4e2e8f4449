const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);

/** Drops keys that could pollute prototypes when the parsed value is later merged or spread. */
function reviver(key: string, value: unknown): unknown {
  return FORBIDDEN.has(key) ? undefined : value;
}

/** `JSON.parse` without prototype-polluting keys. Throws `SyntaxError` like `JSON.parse`. */
export function parseJSON(text: string): unknown {
  return JSON.parse(text, reviver);
}

/** Like {@link parseJSON} but returns `undefined` for invalid JSON. */
export function tryParseJSON(text: string): unknown {
  try {
    return parseJSON(text);
  } catch {
    return undefined;
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
