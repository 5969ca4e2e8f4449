import type { ChatStreamEvent } from '@polargrid/core';
import { toLangChainError } from './errors.js';

export interface ReadEventsOptions {
  /** The caller's signal. */
  signal?: AbortSignal | undefined;
  /**
   * End quietly once the signal is aborted instead of throwing the fetch's abort error. The chunk
   * path wants this: every caller of `_streamResponseChunks` in @langchain/core (`.stream()`,
   * `invoke` in LangGraph `messages` mode) and our own `_generate` re-check the signal after the
   * loop, and only there can core attach the partial output (`ModelAbortError{partialOutput}`).
   */
  endQuietlyOnAbort?: boolean | undefined;
}

/**
 * The one reader of a core event stream, shared by `ChatPolarGrid`'s chunk path
 * (`_streamResponseChunks`), its event protocol (`_streamChatModelEvents`) and `PolarGridLLM`:
 * yields every event before a terminal `error` event, then throws that error (mapped for
 * LangChain's retry conventions); a failed read is thrown the same way. When the consumer stops
 * early (a `break`, an abort, an error) the stream is cancelled, which closes the connection.
 */
export async function* readEvents<Event extends ChatStreamEvent>(
  events: ReadableStream<Event>,
  options: ReadEventsOptions = {},
): AsyncGenerator<Event> {
  const { signal, endQuietlyOnAbort = false } = options;
  const reader = events.getReader();
  let done = false;
  try {
    while (true) {
      if (endQuietlyOnAbort && signal?.aborted) return;
      let result: ReadableStreamReadResult<Event>;
      try {
        result = await reader.read();
      } catch (error) {
        if (endQuietlyOnAbort && signal?.aborted) return;
        throw toLangChainError(error);
      }
      if (result.done) {
        done = true;
        return;
      }
      const event = result.value;
      if (event.type === 'error') {
        done = true;
        throw toLangChainError(event.error);
      }
      yield event;
    }
  } finally {
    if (!done) await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}
