const OPEN = '<think>';
const CLOSE = '</think>';

/** Space, LF, CR and tab: the whitespace that frames a block. */
const WHITESPACE = ' \n\r\t';
/** The first character that is not such whitespace. */
const NOT_WHITESPACE = /[^ \n\r\t]/;

/** How a {@link ThinkSplitter} decides where reasoning can be. */
export interface ThinkSplitterOptions {
  /**
   * The request asked for reasoning (e.g. `enable_thinking: true`): a `<think>` block is split
   * out wherever it appears. Otherwise (the default) only a block at the start of the output,
   * before any answer text other than whitespace, is reasoning: a `<think>` written later in an
   * answer (code, an explanation of the tag) stays the answer's own text.
   */
  reasoningRequested?: boolean | undefined;
}

/**
 * Splits inline `<think>…</think>` reasoning out of streamed text, one chunk at a time.
 *
 * - Where: see {@link ThinkSplitterOptions.reasoningRequested}.
 * - Tags may be split across chunks (`<th` + `ink>`): a chunk ending in a proper prefix of the
 *   tag being looked for holds that tail back until the next chunk (or `flush`) decides.
 * - Text before `<think>` is text; a missing `</think>` leaves everything after `<think>` as
 *   reasoning.
 * - Whitespace that only frames the block is dropped: right after `<think>`, right before
 *   `</think>`, and right after `</think>` (Qwen writes `<think>\n…\n</think>\n\n`), so neither
 *   the reasoning nor the answer starts or ends with stray newlines. Whitespace inside either is
 *   kept: trailing reasoning whitespace is held back until more reasoning shows it is inner.
 * - A `<` that does not start a tag is never swallowed: held-back tails are released as soon as
 *   they stop matching, and at `flush`.
 * - A stray `</think>` outside reasoning is ordinary text (it cannot be reasoning retroactively
 *   without buffering the whole answer).
 *
 * Each chunk is handled in O(chunk) without re-scanning what came before.
 */
export class ThinkSplitter {
  readonly #onText: (text: string) => void;
  readonly #onReasoning: (text: string) => void;
  readonly #anywhere: boolean;
  #inside = false;
  /** Answer text other than whitespace was emitted (from then on, without a request, no tags). */
  #answered = false;
  /** A tail that may be the start of the tag looked for. */
  #held = '';
  /** Set after a tag: leading whitespace of what follows is dropped. */
  #skipWhitespace = false;
  /** Trailing reasoning whitespace, emitted only if more reasoning follows. */
  #pendingWhitespace = '';

  /**
   * @param onText - receives text outside reasoning (never called with '')
   * @param onReasoning - receives reasoning text (never called with '')
   */
  constructor(
    onText: (text: string) => void,
    onReasoning: (text: string) => void,
    options?: ThinkSplitterOptions,
  ) {
    this.#onText = onText;
    this.#onReasoning = onReasoning;
    this.#anywhere = options?.reasoningRequested === true;
  }

  /** True while inside a `<think>` block. */
  get inReasoning(): boolean {
    return this.#inside;
  }

  /** Feeds the next piece of content. */
  push(chunk: string): void {
    let rest = this.#held + chunk;
    this.#held = '';
    while (rest !== '') {
      if (this.#skipWhitespace) {
        const start = rest.search(NOT_WHITESPACE);
        if (start === -1) return; // only whitespace so far: keep skipping in the next chunk
        this.#skipWhitespace = false;
        rest = rest.slice(start);
      }
      const tag = this.#tagLookedFor();
      if (tag === undefined) {
        this.#out(rest);
        return;
      }
      const at = rest.indexOf(tag);
      if (at === -1) {
        const keep = partialTagAtEnd(rest, tag);
        this.#out(rest.slice(0, rest.length - keep));
        // The text just emitted may have started the answer: then the tail is plain text too.
        if (this.#tagLookedFor() === undefined) this.#out(rest.slice(rest.length - keep));
        else this.#held = rest.slice(rest.length - keep);
        return;
      }
      const before = rest.slice(0, at);
      if (tag === OPEN && !this.#anywhere && NOT_WHITESPACE.test(before)) {
        // The answer starts before this `<think>`: it is the answer's own text.
        this.#out(rest);
        return;
      }
      this.#out(before);
      rest = rest.slice(at + tag.length);
      this.#inside = !this.#inside;
      this.#pendingWhitespace = '';
      this.#skipWhitespace = true;
    }
  }

  /** Releases any held-back partial tag as ordinary output. Call once at the end. */
  flush(): void {
    this.#out(this.#held);
    this.#held = '';
    this.#pendingWhitespace = '';
  }

  /** The tag that changes state next, or none once the answer has begun outside a request. */
  #tagLookedFor(): string | undefined {
    if (this.#inside) return CLOSE;
    return this.#anywhere || !this.#answered ? OPEN : undefined;
  }

  /** Emits `text` as text or reasoning, holding back trailing reasoning whitespace. */
  #out(text: string): void {
    if (text === '') return;
    if (!this.#inside) {
      if (!this.#answered && NOT_WHITESPACE.test(text)) this.#answered = true;
      this.#onText(text);
      return;
    }
    let end = text.length;
    while (end > 0 && WHITESPACE.includes(text.charAt(end - 1))) end--;
    if (end === 0) {
      this.#pendingWhitespace += text;
      return;
    }
    this.#onReasoning(this.#pendingWhitespace + text.slice(0, end));
    this.#pendingWhitespace = text.slice(end);
  }
}

/** Length of the longest suffix of `text` that is a proper prefix of `tag` (tags hold one `<`). */
function partialTagAtEnd(text: string, tag: string): number {
  const lt = text.lastIndexOf('<');
  if (lt === -1 || text.length - lt >= tag.length) return 0;
  return tag.startsWith(text.slice(lt)) ? text.length - lt : 0;
}

/** Splits a whole (non-streamed) string into text and reasoning, with the same rules. */
export function splitThink(
  content: string,
  options?: ThinkSplitterOptions,
): { text: string; reasoning: string } {
  let text = '';
  let reasoning = '';
  const splitter = new ThinkSplitter(
    (t) => {
      text += t;
    },
    (r) => {
      reasoning += r;
    },
    options,
  );
  splitter.push(content);
  splitter.flush();
  return { text, reasoning };
}
