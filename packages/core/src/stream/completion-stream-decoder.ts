import { ChunkHandler } from './chunk-handler.js';
import type { DecodeOptions } from './decode-options.js';
import type { ChatStreamEvent, CompletionStreamEvent } from './events.js';
import { decodeSse } from './sse-reader.js';

/**
 * Decodes a `/v1/completions` SSE body (`choices[0].text`) into {@link CompletionStreamEvent}s,
 * with the same ends, errors, warnings and ordering as {@link decodeChatStream} (no reasoning, no
 * tools: `<think>` is left in the text, as a raw completion has no chat template).
 */
export function decodeCompletionStream(
  body: ReadableStream<Uint8Array>,
  options?: DecodeOptions,
): ReadableStream<CompletionStreamEvent> {
  // In completion mode the handler never emits reasoning or tool-call events.
  return decodeSse<ChatStreamEvent>(
    body,
    options,
    (emit) => new ChunkHandler(emit, options, true),
  ) as ReadableStream<CompletionStreamEvent>;
}
