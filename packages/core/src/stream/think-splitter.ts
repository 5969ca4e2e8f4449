const OPEN = '<think>';
const CLOSE = '</think>';

/** A {@link createThinkSplitter} instance: the state behind {@link ThinkSplitter}. */
export interface Splitter {
  /** Feeds the next piece of content. */
  push(chunk: string): void;
  /** Releases any held-back partial tag as ordinary output. Call once at the end. */
  flush(): void;
  /** True while inside a `<think>` block. */
  inReasoning(): boolean;
}

/**
 * Splits inline `<think>…</think>` reasoning out of streamed text, one chunk at a time.
 *
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
 * Hand-written rather than a regex over the joined text so each chunk is handled in O(chunk)
 * without re-scanning, and chunks without `<` take a single `indexOf`. A closure (what the
 * decoders use); {@link ThinkSplitter} is the public class around it.
 *
 * @param onText - receives text outside reasoning (never called with '')
 * @param onReasoning - receives reasoning text (never called with '')
 */
export function createThinkSplitter(
  onText: (text: string) => void,
  onReasoning: (text: string) => void,
): Splitter {
  let inside = false;
  /** A tail that may be the start of the tag looked for. */
  let held = '';
  /** Set after a tag: leading whitespace of what follows is dropped. */
  let skipWs = false;
  /** Trailing reasoning whitespace, emitted only if more reasoning follows. */
  let pendingWs = '';

  const out = (text: string): void => {
    if (text === '') return;
    if (!inside) {
      onText(text);
      return;
    }
    let end = text.length;
    while (end > 0 && WS.includes(text[end - 1] as string)) end--;
    if (end === 0) {
      pendingWs += text;
      return;
    }
    onReasoning(pendingWs + text.slice(0, end));
    pendingWs = text.slice(end);
  };

  return {
    push(chunk) {
      if (chunk === '') return;
      // Fast path: plain text with nothing pending.
      if (!inside && held === '' && !skipWs && !chunk.includes('<')) {
        onText(chunk);
        return;
      }
      let rest = held + chunk;
      held = '';
      for (;;) {
        if (skipWs) {
          const start = rest.search(NON_WS);
          if (start === -1) return; // still only whitespace: keep skipping in the next chunk
          skipWs = false;
          rest = rest.slice(start);
        }
        const tag = inside ? CLOSE : OPEN;
        const at = rest.indexOf(tag);
        if (at === -1) {
          const keep = heldTail(rest, tag);
          out(rest.slice(0, rest.length - keep));
          held = rest.slice(rest.length - keep);
          return;
        }
        out(rest.slice(0, at));
        rest = rest.slice(at + tag.length);
        inside = !inside;
        pendingWs = '';
        skipWs = true;
      }
    },
    flush() {
      out(held);
      held = pendingWs = '';
    },
    // A method, not a getter: an object literal with an accessor measured slower to call
    // `push` on (the decoders call it per chunk).
    inReasoning: () => inside,
  };
}

/** Space, LF, CR and tab: the whitespace that frames a block. */
const WS = ' \n\r\t';
/** The first character that is not such whitespace. */
const NON_WS = /[^ \n\r\t]/;

/** Length of the longest suffix of `s` that is a proper prefix of `tag` (tags hold one `<`). */
function heldTail(s: string, tag: string): number {
  const lt = s.lastIndexOf('<');
  return lt !== -1 && s.length - lt < tag.length && tag.startsWith(s.slice(lt)) ? s.length - lt : 0;
}

/** The streaming `<think>` splitter as a class; see {@link createThinkSplitter} for the rules. */
export class ThinkSplitter {
  readonly #splitter: Splitter;

  /**
   * @param onText - receives text outside reasoning (never called with '')
   * @param onReasoning - receives reasoning text (never called with '')
   */
  constructor(onText: (text: string) => void, onReasoning: (text: string) => void) {
    this.#splitter = createThinkSplitter(onText, onReasoning);
  }

  /** True while inside a `<think>` block. */
  get inReasoning(): boolean {
    return this.#splitter.inReasoning();
  }

  /** Feeds the next piece of content. */
  push(chunk: string): void {
    this.#splitter.push(chunk);
  }

  /** Releases any held-back partial tag as ordinary output. Call once at the end. */
  flush(): void {
    this.#splitter.flush();
  }
}

/** Splits a whole (non-streamed) string into text and reasoning, with the same rules. */
export function splitThink(content: string): { text: string; reasoning: string } {
  let text = '';
  let reasoning = '';
  const splitter = createThinkSplitter(
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
