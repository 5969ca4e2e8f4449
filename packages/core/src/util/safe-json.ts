const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);

/** Deletes prototype-polluting own keys, at any depth (arrays are walked by their index keys). */
function scrub(value: unknown): void {
  if (typeof value !== 'object' || value === null) return;
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (FORBIDDEN.has(key)) delete record[key];
    else scrub(record[key]);
  }
}

/**
 * `JSON.parse` without prototype-polluting keys (`__proto__`, `constructor`, `prototype`, which
 * `JSON.parse` creates as own properties that a later merge or spread could act on). Throws
 * `SyntaxError` like `JSON.parse`.
 *
 * The keys are removed by a walk after a plain parse, and only when the text could hold one: a
 * reviver would make V8 take its slow path for every payload (5x slower on a 64 x 1536
 * embeddings body, and a measurable cost per stream chunk). A key spelled with escapes
 * (`"\u005f_proto__"`) is caught by looking for any key that contains an escape.
 */
export function parseJSON(text: string): unknown {
  const value: unknown = JSON.parse(text);
  if (PLAIN_KEY.test(text) || (text.includes('\\u') && ESCAPED_KEY.test(text))) scrub(value);
  return value;
}

/**
 * A forbidden key written plainly (or a longer key ending in one: the walk then finds nothing).
 * Without a leading `"` the regex engine skips ahead to a `_`, `c` or `p`; with it, it tried the
 * names at every quote (about 3x slower on a stream chunk, measured per parsed payload).
 */
const PLAIN_KEY = /(?:__proto__|constructor|prototype)"\s*:/;
/**
 * A key containing a `\u` escape: an escape, the rest of its string (escapes allowed), then `":`
 * (a string value is never followed by a colon). Unicode escapes in values, common in stream
 * text, do not match, so they cost a scan but no walk. Only tested on text `JSON.parse`
 * accepted, so every `\u` is followed by its four hex digits.
 */
const ESCAPED_KEY = /\\u(?:[^"\\]|\\.)*"\s*:/;

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
