import { ChunkHandler } from './chunk-handler.js';
import type { ChatDecodeOptions } from './decode-options.js';
import type { ChatStreamEvent } from './events.js';
import { decodeSse } from './sse-reader.js';

/**
 * Decodes a `/v1/chat/completions` SSE body into normalized {@link ChatStreamEvent}s, in the
 * order and under the rules documented on {@link ChatStreamEvent}: `metadata` once, content
 * deltas (text, reasoning from `reasoning_content`/`reasoning`, from `thinking` content parts
 * and from `<think>…</think>`, tool calls), `tool-call-end`s, then exactly one terminal `finish`
 * (carrying the last usage and timings) or `error`.
 *
 * Never rejects for server behaviour: a cut stream finishes as `interrupted` (cause `eof` or
 * `network`), an in-stream `{"error": …}` ends with an `error` event (`StreamError`), a stall
 * past `streamIdleTimeout` with an `error` event (`TimeoutError`, code `stream_stalled`). Only a
 * caller abort errors the stream (with `AbortError`). Cancelling the result cancels `body`.
 *
 * @param body - the response body (bytes of `text/event-stream`)
 */
export function decodeChatStream(
  body: ReadableStream<Uint8Array>,
  options?: ChatDecodeOptions,
): ReadableStream<ChatStreamEvent> {
  return decodeSse<ChatStreamEvent>(
    body,
    options,
    (emit) => new ChunkHandler(emit, options, false),
  );
}
