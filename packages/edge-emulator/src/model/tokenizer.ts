/**
 * The emulator's tokenizer: a token is a word (letters, digits, `_`, `'`) or one punctuation
 * character, carrying the whitespace before it; `<think>` and `</think>` are single tokens.
 * Joining the tokens gives back the text exactly, so stream chunks concatenate to the answer and
 * `usage` counts are consistent with what was streamed.
 */
const TOKEN_RE = /\s*<\/?think>|\s*[\p{L}\p{N}_']+|\s*[^\s\p{L}\p{N}_']|\s+$/gu;

export function tokenize(text: string): string[] {
  return text.match(TOKEN_RE) ?? [];
}

export function countTokens(text: string): number {
  return tokenize(text).length;
}

/** Lower-cased words (no punctuation), for matching and embeddings. */
export function words(text: string): string[] {
  return (text.toLowerCase().match(/[\p{L}\p{N}_']+/gu) ?? []).map((w) => w.replace(/'/g, ''));
}

const STOPWORDS = new Set(
  (
    'a an the and or but if of to in on at for from by with about as is are was were be been am ' +
    'do does did what whats which who whom how when where why can could would should will shall ' +
    'may might must i me my you your we our it its this that these those there here please tell ' +
    'give get show let lets us them they he she his her some any all also then than so just now ' +
    'like want need know up out into over not no yes hi hello explain describe'
  ).split(' '),
);

/** Words that carry meaning: no stop words, crude singular form, for word-overlap matching. */
export function contentWords(text: string): string[] {
  return words(text)
    .filter((w) => !STOPWORDS.has(w) && w.length > 1)
    .map(stem);
}

export function stem(word: string): string {
  if (word.length > 4 && word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.length > 3 && word.endsWith('s') && !word.endsWith('ss')) return word.slice(0, -1);
  return word;
}

/** Splits identifiers like `get_current_weather` or `getCurrentWeather` into words. */
export function identifierWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
}
