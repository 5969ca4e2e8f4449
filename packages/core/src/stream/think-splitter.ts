const OPEN = '<think>';
const CLOSE = '</think>';

/**
 * Splits inline `<think>…</think>` reasoning out of streamed text, one chunk at a time.
 *
 * - Tags may be split across chunks (`<th` + `ink>`): a chunk ending in a proper prefix of the
 *   tag being looked for holds that tail back until the next chunk (or {@link flush}) decides.
 * - Text before `<think>` is text; a missing `</think>` leaves everything after `<think>` as
 *   reasoning.
 * - Whitespace that only frames the block is dropped: right after `<think>`, right before
 *   `</think>`, and right after `</think>` (Qwen writes `<think>\n…\n</think>\n\n`), so neither
 *   the reasoning nor the answer starts or ends with stray newlines. Whitespace inside either is
 *   kept: trailing reasoning whitespace is held back until more reasoning shows it is inner.
 * - A `<` that does not start a tag is never swallowed: held-back tails are released as soon as
 *   they stop matching, and at {@link flush}.
 * - A stray `</think>` outside reasoning is ordinary text (it cannot be reasoning retroactively
 *   without buffering the whole answer).
 *
 * Hand-written rather than a regex over the joined text so each chunk is handled in O(chunk)
 * without re-scanning, and chunks without `<` take a single `indexOf`.
 */
export class ThinkSplitter {
  #inside = false;
  #held = '';
  /** Set after a tag: leading whitespace of what follows is dropped. */
  #skipWs = false;
  /** Trailing reasoning whitespace, emitted only if more reasoning follows. */
  #pendingWs = '';

  /**
   * @param onText - receives text outside reasoning (never called with '')
   * @param onReasoning - receives reasoning text (never called with '')
   */
  readonly #onText: (text: string) => void;
  readonly #onReasoning: (text: string) => void;

  constructor(onText: (text: string) => void, onReasoning: (text: string) => void) {
    this.#onText = onText;
    this.#onReasoning = onReasoning;
  }

  /** True while inside a `<think>` block. */
  get inReasoning(): boolean {
    return this.#inside;
  }

  /** Feeds the next piece of content. */
  push(chunk: string): void {
    if (chunk === '') return;
    // Fast path: plain text with nothing pending.
    if (!this.#inside && this.#held === '' && !this.#skipWs && chunk.indexOf('<') === -1) {
      this.#onText(chunk);
      return;
    }
    let s = this.#held === '' ? chunk : this.#held + chunk;
    this.#held = '';
    for (;;) {
      if (this.#skipWs) {
        const start = leadingWs(s);
        if (start === s.length) return; // still only whitespace: keep skipping in the next chunk
        this.#skipWs = false;
        if (start !== 0) s = s.slice(start);
      }
      const tag = this.#inside ? CLOSE : OPEN;
      const at = s.indexOf(tag);
      if (at === -1) {
        const keep = heldTail(s, tag);
        this.#out(keep === 0 ? s : s.slice(0, s.length - keep));
        if (keep !== 0) this.#held = s.slice(s.length - keep);
        return;
      }
      this.#out(s.slice(0, at));
      s = s.slice(at + tag.length);
      this.#inside = !this.#inside;
      this.#pendingWs = '';
      this.#skipWs = true;
    }
  }

  /** Releases any held-back partial tag as ordinary output. Call once at the end. */
  flush(): void {
    const held = this.#held;
    this.#held = '';
    this.#out(held);
    this.#pendingWs = '';
  }

  #out(text: string): void {
    if (text === '') return;
    if (!this.#inside) {
      this.#onText(text);
      return;
    }
    const end = trailingWsStart(text);
    if (end === 0) {
      this.#pendingWs += text;
      return;
    }
    const body = end === text.length ? text : text.slice(0, end);
    this.#onReasoning(this.#pendingWs === '' ? body : this.#pendingWs + body);
    this.#pendingWs = end === text.length ? '' : text.slice(end);
  }
}

function isWs(code: number): boolean {
  return code === 32 || code === 10 || code === 13 || code === 9;
}

/** Index of the first non-whitespace character (the length when there is none). */
function leadingWs(s: string): number {
  let i = 0;
  while (i < s.length && isWs(s.charCodeAt(i))) i++;
  return i;
}

/** Index where the trailing whitespace of `s` starts (0 when `s` is all whitespace). */
function trailingWsStart(s: string): number {
  let i = s.length;
  while (i > 0 && isWs(s.charCodeAt(i - 1))) i--;
  return i;
}

/** Length of the longest suffix of `s` that is a proper prefix of `tag` (tags hold one `<`). */
function heldTail(s: string, tag: string): number {
  const lt = s.lastIndexOf('<');
  if (lt === -1 || s.length - lt >= tag.length) return 0;
  return tag.startsWith(s.slice(lt)) ? s.length - lt : 0;
}

/** Splits a whole (non-streamed) string into text and reasoning, with the same rules. */
export function splitThink(content: string): { text: string; reasoning: string } {
  let text = '';
  let reasoning = '';
  const splitter = new ThinkSplitter(
    (t) => {
      text += t;
    },
    (r) => {
      reasoning += r;
    },
  );
  splitter.push(content);
  splitter.flush();
  return { text, reasoning };
}
