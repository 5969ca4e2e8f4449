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
  /** Total length of the text (ASCII, so characters equal bytes). */
  textLength: number;
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
 * Token text for content chunk `i`. Mostly short words, with quotes and newlines now and then so
 * every parser has to unescape JSON strings, as it would on real model output.
 */
export function tokenText(i: number): string {
  if (i % 50 === 49) return ' end.\n';
  if (i % 17 === 0) return ` "q${i % 100}"`;
  return ` w${i % 1000}`;
}

function frame(payload: unknown): Buffer {
  return Buffer.from(`data: ${JSON.stringify(payload)}\n\n`);
}

function chunk(delta: Record<string, unknown>, finishReason: string | null): Buffer {
  return frame({
    id: ID,
    object: 'chat.completion.chunk',
    created: CREATED,
    model: BENCH_MODEL,
    choices: [{ index: 0, delta, finish_reason: finishReason }],
  });
}

/** Encodes a stream of `contentChunks` text chunks, a `stop` finish, a usage-only chunk and `[DONE]`. */
export function encodeChatStream(contentChunks: number): EncodedStream {
  if (!Number.isInteger(contentChunks) || contentChunks < 1) {
    throw new RangeError(`contentChunks must be a positive integer, got ${contentChunks}`);
  }
  const frames: Buffer[] = [chunk({ role: 'assistant', content: '' }, null)];
  let textLength = 0;
  for (let i = 0; i < contentChunks; i++) {
    const text = tokenText(i);
    textLength += text.length;
    frames.push(chunk({ content: text }, null));
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
