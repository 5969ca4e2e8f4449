/**
 * A whole (non-streamed) answer is decoded as the stream of the same answer would be: it is
 * turned into one chunk (each choice's `message` as its `delta`) and fed to the one chunk
 * decoder ({@link ChunkHandler}), which then ends as a stream ending with `[DONE]` does. So the
 * rules (only choice 0 is the answer, `<think>` placement, content parts, a refusal finishing as
 * `content-filter`, unique tool-call ids, warnings) exist once, and a whole answer yields the
 * same events as its stream. `chat-result.ts` folds those events into a result.
 */
import type { ChatCompletion } from '../types/chat-types.js';
import type { Completion } from '../types/other-types.js';
import { isRecord } from '../util/safe-json.js';
import { ChunkHandler } from './chunk-handler.js';
import type { ChatDecodeOptions } from './decode-options.js';
import type { ChatStreamEvent, CompletionStreamEvent } from './events.js';

type Payload = Record<string, unknown>;

/** The fields of a whole answer that a chunk has too (its `error`, if any, is not one of them). */
const CHUNK_FIELDS = ['id', 'object', 'created', 'model', 'usage'] as const;

/** A whole answer as the one chunk that carries all of it. */
function asChunk(body: unknown, choiceAsChunk: (choice: Payload) => Payload): Payload {
  const whole: Payload = isRecord(body) ? body : {};
  const chunk: Payload = {};
  for (const field of CHUNK_FIELDS) if (whole[field] !== undefined) chunk[field] = whole[field];
  if (Array.isArray(whole.choices)) {
    chunk.choices = whole.choices.map((choice) =>
      isRecord(choice) ? choiceAsChunk(choice) : choice,
    );
  } else if (whole.choices !== undefined) {
    chunk.choices = whole.choices;
  }
  return chunk;
}

/**
 * A chat choice as a streamed one: its `message` is the `delta`. The message's tool calls carry
 * no `index` (a stream's fragments do): each gets its position, so that every entry is its own
 * call, as in the answer.
 */
function chatChoiceAsChunk(choice: Payload): Payload {
  const { message, ...rest } = choice;
  if (!isRecord(message)) return rest;
  const calls = message.tool_calls;
  if (!Array.isArray(calls)) return { ...rest, delta: message };
  let index = 0;
  const indexed = calls.map((call) => (isRecord(call) ? { ...call, index: index++ } : call));
  return { ...rest, delta: { ...message, tool_calls: indexed } };
}

function decodeWhole(
  chunk: Payload,
  options: ChatDecodeOptions | undefined,
  completion: boolean,
): ChatStreamEvent[] {
  const events: ChatStreamEvent[] = [];
  const handler = new ChunkHandler((event) => events.push(event), options, completion);
  if (!handler.read(chunk, undefined)) handler.end({ kind: 'done' });
  return events;
}

/**
 * The events a whole `/v1/chat/completions` answer decodes to: the same, in the same order, as
 * {@link decodeChatStream} yields for the stream of that answer (`metadata`, `warning`s, text,
 * reasoning and tool-call events, `usage`, one `finish`). Fold them with {@link chatResultOf}.
 *
 * @param body - the parsed response body
 * @param options - `reasoningRequested`: the request set `enable_thinking: true`
 */
export function decodeChatCompletion(
  body: ChatCompletion,
  options?: Pick<ChatDecodeOptions, 'reasoningRequested'>,
): ChatStreamEvent[] {
  return decodeWhole(asChunk(body, chatChoiceAsChunk), options, false);
}

/**
 * The events a whole `/v1/completions` answer decodes to, as {@link decodeCompletionStream}
 * yields them for its stream (a completion choice has the same shape whole and streamed). Fold
 * them with {@link completionResultOf}.
 */
export function decodeCompletion(body: Completion): CompletionStreamEvent[] {
  // In completion mode the handler emits no reasoning or tool-call events.
  return decodeWhole(
    asChunk(body, (choice) => choice),
    undefined,
    true,
  ) as CompletionStreamEvent[];
}
