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

/**
 * Where a sentence ends: the terminator (and closers) when whitespace follows, or a newline. A
 * match starts only where a run of terminators starts: tried inside a long run ("!!!!…") it
 * would re-read the rest of the run from every position.
 */
const BOUNDARY = /(?<![.!?…])[.!?…]+["'”’)\]»]*(?=\s)|[。！？]+[」』）]*|\n/gu;
/** A character that may belong to a boundary not complete yet (it waits for what follows). */
const MAY_CONTINUE = /[.!?…"'”’)\]»]/u;
const HAS_LETTER = /\p{L}/u;
/** Something a voice can say: a letter or a digit (punctuation alone is not). */
const SPEAKABLE = /[\p{L}\p{N}]/u;
const SPACE = /\s/u;
const ONLY_SPACE = /^\s*$/u;

/** Default longest sentence, in characters, before a forced cut. */
export const DEFAULT_MAX_SENTENCE_CHARS = 250;

/**
 * The splitter is linear in its input: every character is searched for a boundary once and
 * checked for a letter once (a letterless candidate is not rescanned from the start when its
 * sentence grows), and the text kept between pushes is at most `maxChars` plus whitespace.
 */
export class SentenceSplitter {
  readonly #maxChars: number;
  /** Text not yet given out; it starts where the next sentence starts. */
  #buffer = '';
  /** Where the boundary search resumes: everything before it was searched. */
  #searchFrom = 0;
  /** How far the buffer was checked for a letter, and whether one was found. */
  #scanned = 0;
  #hasLetter = false;
  /** Just after the buffer's last character that is not whitespace (0 when there is none). */
  #contentEnd = 0;

  constructor(maxChars: number = DEFAULT_MAX_SENTENCE_CHARS) {
    if (!(maxChars >= 20)) throw new RangeError('maxChars must be at least 20.');
    this.#maxChars = maxChars;
  }

  /** Adds a text delta; returns the sentences it completed (trimmed, never empty). */
  push(delta: string): string[] {
    if (delta === '') return [];
    if (ONLY_SPACE.test(delta) && this.#addSpace(delta)) return [];
    const base = this.#buffer.length;
    const text = this.#buffer + delta;
    this.#buffer = text;
    let last = delta.length - 1;
    while (last >= 0 && SPACE.test(delta[last]!)) last--;
    if (last >= 0) this.#contentEnd = base + last + 1;

    const sentences: string[] = [];
    let start = 0;
    BOUNDARY.lastIndex = this.#searchFrom;
    for (let match = BOUNDARY.exec(text); match !== null; match = BOUNDARY.exec(text)) {
      const end = match.index + match[0].length;
      // Only what was not checked yet: a letterless run ("1.", "12\n") is never read twice.
      if (!this.#hasLetter) this.#hasLetter = HAS_LETTER.test(text.slice(this.#scanned, end));
      this.#scanned = end;
      // "1." or "—\n": not worth a request on its own; it joins what follows.
      if (!this.#hasLetter) continue;
      start = this.#take(text, start, end, sentences);
    }
    // A boundary may still complete at the end (a terminator waits for its whitespace): the
    // next search starts at the trailing run of terminators and closers.
    let resume = text.length;
    while (resume > start && MAY_CONTINUE.test(text[resume - 1]!)) resume--;
    this.#searchFrom = resume;

    for (;;) {
      let first = start;
      while (first < text.length && SPACE.test(text[first]!)) first++;
      if (this.#contentEnd - first <= this.#maxChars) {
        start = first;
        break;
      }
      // No boundary within maxChars: the last space before the limit, else the limit.
      const limit = first + this.#maxChars;
      let space = limit;
      while (space > first && text[space] !== ' ') space--;
      const cut = space > first ? space : limit;
      start = this.#take(text, start, cut, sentences);
      this.#searchFrom = Math.max(this.#searchFrom, cut);
      this.#scanned = Math.min(this.#scanned, cut);
    }
    this.#compact(start);
    return sentences;
  }

  /** The end of the input: whatever is left, as a last sentence (undefined when nothing speakable is left). */
  flush(): string | undefined {
    const last = this.#buffer.trim();
    this.#buffer = '';
    this.#searchFrom = 0;
    this.#scanned = 0;
    this.#hasLetter = false;
    this.#contentEnd = 0;
    return SPEAKABLE.test(last) ? last : undefined;
  }

  /**
   * Whitespace that cannot end a sentence is only appended, not searched again: after
   * whitespace (nothing waits for it), without a newline, or with newlines that end nothing
   * because the text so far has no letter. Returns false when the delta needs the full search.
   */
  #addSpace(delta: string): boolean {
    const length = this.#buffer.length;
    // Leading whitespace belongs to no sentence.
    if (length === 0) return true;
    if (this.#contentEnd === length) return false;
    const letterless = !this.#hasLetter && this.#scanned >= this.#contentEnd;
    if (delta.includes('\n') && !letterless) return false;
    this.#buffer += delta;
    if (letterless) {
      this.#searchFrom = this.#buffer.length;
      this.#scanned = this.#buffer.length;
    }
    return true;
  }

  /** Gives out `text[start, end)` as a sentence; returns where the next one starts. */
  #take(text: string, start: number, end: number, into: string[]): number {
    const sentence = text.slice(start, end).trim();
    if (sentence !== '') into.push(sentence);
    this.#scanned = end;
    this.#hasLetter = false;
    return end;
  }

  /** Drops the buffer before `start` (given out, or leading whitespace no sentence keeps). */
  #compact(start: number): void {
    if (start === 0) return;
    this.#buffer = this.#buffer.slice(start);
    this.#searchFrom = Math.max(0, this.#searchFrom - start);
    this.#contentEnd = Math.max(0, this.#contentEnd - start);
    if (this.#scanned < start) {
      this.#scanned = 0;
      this.#hasLetter = false;
    } else {
      this.#scanned -= start;
    }
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
