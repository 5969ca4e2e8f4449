/**
 * Cuts streamed text into sentences for speech, so synthesis can start at the first sentence
 * boundary instead of at the end of the answer.
 *
 * The rule, kept small on purpose:
 * - `.`, `!`, `?` or `…` (possibly repeated, possibly followed by closing quotes or brackets) ends a
 *   sentence when whitespace follows. A full stop inside a number (`3.14`) has no whitespace after
 *   it, so it never cuts; a terminator at the very end of the text so far waits for the next delta.
 * - A newline ends a sentence (paragraphs, list items).
 * - The CJK full stops `。`, `！`, `？` end a sentence at once (no space follows them in CJK text).
 * - A candidate without any letter (`1.` of a numbered list) is not a sentence of its own: it is
 *   kept and joined with what follows.
 * - Whatever is left at the end of the text is the last sentence, if it has a letter or a digit.
 * - Text that reaches `maxChars` without a boundary is cut at its last space before the limit (or
 *   at the limit when it has none), so one run-on answer cannot hold back the audio.
 */

/** Where a sentence ends: the terminator (and closers) when whitespace follows, or a newline. */
const BOUNDARY = /[.!?…]+["'”’)\]»]*(?=\s)|[。！？]+[」』）]*|\n/u;
const HAS_LETTER = /\p{L}/u;
/** Something a voice can say: a letter or a digit (punctuation alone is not). */
const SPEAKABLE = /[\p{L}\p{N}]/u;

/** Default longest sentence, in characters, before a forced cut. */
export const DEFAULT_MAX_SENTENCE_CHARS = 250;

export class SentenceSplitter {
  readonly #maxChars: number;
  #buffer = '';

  constructor(maxChars: number = DEFAULT_MAX_SENTENCE_CHARS) {
    if (!(maxChars >= 20)) throw new RangeError('maxChars must be at least 20.');
    this.#maxChars = maxChars;
  }

  /** Adds a text delta; returns the sentences it completed (trimmed, never empty). */
  push(delta: string): string[] {
    this.#buffer += delta;
    const sentences: string[] = [];
    let searchFrom = 0;
    for (;;) {
      const rest = this.#buffer.slice(searchFrom);
      const match = BOUNDARY.exec(rest);
      if (match === null) break;
      const end = searchFrom + match.index + match[0].length;
      const candidate = this.#buffer.slice(0, end);
      if (!HAS_LETTER.test(candidate)) {
        // "1." or "—\n": not worth a request on its own; look for the next boundary.
        searchFrom = end;
        continue;
      }
      this.#take(end, sentences);
      searchFrom = 0;
    }
    while (this.#buffer.trim().length > this.#maxChars) {
      this.#take(this.#forcedCut(), sentences);
    }
    return sentences;
  }

  /** The end of the input: whatever is left, as a last sentence (undefined when nothing speakable is left). */
  flush(): string | undefined {
    const last = this.#buffer.trim();
    this.#buffer = '';
    return SPEAKABLE.test(last) ? last : undefined;
  }

  #take(end: number, into: string[]): void {
    const sentence = this.#buffer.slice(0, end).trim();
    this.#buffer = this.#buffer.slice(end);
    if (sentence !== '') into.push(sentence);
  }

  /** Where to cut text that has no boundary within `maxChars`: its last space, else the limit. */
  #forcedCut(): number {
    const leading = this.#buffer.length - this.#buffer.trimStart().length;
    const limit = leading + this.#maxChars;
    const space = this.#buffer.lastIndexOf(' ', limit);
    return space > leading ? space : limit;
  }
}

/** Splits a whole text at once (the same rule as {@link SentenceSplitter}). */
export function splitSentences(text: string, maxChars?: number): string[] {
  const splitter = new SentenceSplitter(maxChars);
  const sentences = splitter.push(text);
  const last = splitter.flush();
  if (last !== undefined) sentences.push(last);
  return sentences;
}
