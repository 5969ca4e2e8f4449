/**
 * The OpenAI-style chat stream every contender reads, and what a correct reader must see in it.
 *
 * The stream is built once per scenario and kept as pre-encoded Buffers so the server spends
 * no CPU on JSON while a contender is being measured.
 */

/** What a correct client must report after reading one stream. */
export interface ExpectedStream {
  /** Non-empty text deltas. */
  textDeltas: number;
  /** Total length of the text in UTF-16 code units (the stream has non-ASCII text too). */
  textLength: number;
  /**
   * Sum over deltas of the last UTF-16 code unit. Every tricky token (escaped quote, newline,
   * non-ASCII, \u-escaped, surrogate pair) ends on its tricky character, so a client that
   * mis-decodes any of them misses this sum even when the length happens to match.
   */
  lastCharSum: number;
  firstText: string;
  lastText: string;
  finishReason: 'stop';
  usage: { prompt: number; completion: number; total: number };
}

export interface EncodedStream {
  /** One SSE frame per Buffer, `data: …\n\n`, in order (role chunk, content, finish, usage, [DONE]). */
  frames: Buffer[];
  /** All frames concatenated. */
  whole: Buffer;
  expected: ExpectedStream;
}

export const PROMPT_TOKENS = 12;
export const BENCH_MODEL = 'bench-model';
const ID = 'chatcmpl-bench0001';
const CREATED = 1_764_000_000;

/**
 * Token text for content chunk `i`. Mostly short words, with what real model output has now and
 * then: quotes and newlines (JSON escapes), non-ASCII and an emoji as raw UTF-8 (which a 64 KiB
 * slice can split mid-character), and the same as `\uXXXX` escapes (what servers that encode
 * with `ensure_ascii` send; see {@link asciiEscaped}).
 */
export function tokenText(i: number): string {
  if (i % 50 === 49) return ' end.\n';
  if (i % 17 === 0) return ` "q${i % 100}"`;
  if (i % 23 === 5) return ' café';
  if (i % 29 === 7) return ' naïve—';
  if (i % 31 === 11) return ' 🙂';
  if (i % 37 === 13) return ' ok🙂';
  return ` w${i % 1000}`;
}

/** Whether chunk `i` is sent with every non-ASCII character as a `\uXXXX` escape. */
export function asciiEscaped(i: number): boolean {
  return i % 29 === 7 || i % 37 === 13;
}

function escapeNonAscii(json: string): string {
  return json.replace(
    /[\u0080-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

function frame(payload: unknown, asciiOnly = false): Buffer {
  const json = JSON.stringify(payload);
  return Buffer.from(`data: ${asciiOnly ? escapeNonAscii(json) : json}\n\n`);
}

function chunk(
  delta: Record<string, unknown>,
  finishReason: string | null,
  asciiOnly = false,
): Buffer {
  return frame(
    {
      id: ID,
      object: 'chat.completion.chunk',
      created: CREATED,
      model: BENCH_MODEL,
      choices: [{ index: 0, delta, finish_reason: finishReason }],
    },
    asciiOnly,
  );
}

/** Encodes a stream of `contentChunks` text chunks, a `stop` finish, a usage-only chunk and `[DONE]`. */
export function encodeChatStream(contentChunks: number): EncodedStream {
  if (!Number.isInteger(contentChunks) || contentChunks < 1) {
    throw new RangeError(`contentChunks must be a positive integer, got ${contentChunks}`);
  }
  const frames: Buffer[] = [chunk({ role: 'assistant', content: '' }, null)];
  let textLength = 0;
  let lastCharSum = 0;
  for (let i = 0; i < contentChunks; i++) {
    const text = tokenText(i);
    textLength += text.length;
    lastCharSum += text.charCodeAt(text.length - 1);
    frames.push(chunk({ content: text }, null, asciiEscaped(i)));
  }
  frames.push(chunk({}, 'stop'));
  const usage = {
    prompt_tokens: PROMPT_TOKENS,
    completion_tokens: contentChunks,
    total_tokens: PROMPT_TOKENS + contentChunks,
  };
  frames.push(
    frame({
      id: ID,
      object: 'chat.completion.chunk',
      created: CREATED,
      model: BENCH_MODEL,
      choices: [],
      usage,
    }),
  );
  frames.push(Buffer.from('data: [DONE]\n\n'));
  return {
    frames,
    whole: Buffer.concat(frames),
    expected: {
      textDeltas: contentChunks,
      textLength,
      lastCharSum,
      firstText: tokenText(0),
      lastText: tokenText(contentChunks - 1),
      finishReason: 'stop',
      usage: {
        prompt: PROMPT_TOKENS,
        completion: contentChunks,
        total: PROMPT_TOKENS + contentChunks,
      },
    },
  };
}
