import { ConfigurationError } from '@polargrid/core';

/** Edit distance (insertions, deletions, substitutions), case-insensitive. */
function distance(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  let previous = Array.from({ length: y.length + 1 }, (_, i) => i);
  for (let i = 1; i <= x.length; i++) {
    const row = [i];
    for (let j = 1; j <= y.length; j++) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      row[j] = Math.min(
        (row[j - 1] ?? 0) + 1,
        (previous[j] ?? 0) + 1,
        (previous[j - 1] ?? 0) + cost,
      );
    }
    previous = row;
  }
  return previous[y.length] ?? 0;
}

/** `max_tokens` → `maxtokens`, so snake case meets the camel-case field it means. */
const squashed = (name: string) => name.replaceAll('_', '').toLowerCase();

/**
 * Refuses a constructor field that is not one of `known` but nearly is (`temprature`,
 * `max_tokens`, `maxtokens`): left alone it would be ignored, and the model would run with the
 * server's default instead of the caller's value, without a word. Only near misses are refused:
 * LangChain's own base fields (callbacks, tags, metadata, …) pass, as do fields a newer
 * `@langchain/core` adds.
 */
export function checkFieldNames(
  className: string,
  fields: object | undefined,
  known: readonly string[],
): void {
  if (fields === undefined || fields === null) return;
  for (const name of Object.keys(fields)) {
    if (known.includes(name)) continue;
    const meant = known.find(
      (candidate) =>
        squashed(candidate) === squashed(name) ||
        (name.length >= 4 && distance(candidate, name) <= 2),
    );
    if (meant === undefined) continue;
    throw new ConfigurationError({
      message: `${className}: unknown field '${name}'; did you mean '${meant}'? A misspelled field would be ignored and the server's default used.`,
      code: 'unknown_option',
    });
  }
}
