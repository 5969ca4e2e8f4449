import { AIMessage, type AIMessageChunk } from '@langchain/core/messages';
import type { ChatStreamEvent } from '@polargrid/core';
import { ChunkMapper, type ChunkMapperOptions } from './stream_chunks.js';

/**
 * A non-streamed answer → `AIMessage`, through the same mapping as a stream: the core decodes a
 * whole answer into the very events its stream decodes to (`createChatCompletion(…).events`),
 * each goes through the {@link ChunkMapper}, and the chunks are concatenated as LangChain
 * aggregates a stream. So `invoke` and `stream` build the same message (reasoning blocks and
 * `reasoning_content`, tool calls, usage, response metadata); only the class differs, because
 * LangChain's conformance checks expect an `AIMessage` from `invoke`.
 */
export function eventsToMessage(
  events: readonly ChatStreamEvent[],
  options: Omit<ChunkMapperOptions, 'streamUsage'>,
): AIMessage {
  // A non-streamed answer always reports its usage.
  const mapper = new ChunkMapper({ ...options, streamUsage: true });
  let aggregate: AIMessageChunk | undefined;
  for (const event of events) {
    const chunk = mapper.map(event)?.message as AIMessageChunk | undefined;
    if (chunk !== undefined) aggregate = aggregate === undefined ? chunk : aggregate.concat(chunk);
  }
  // A whole answer's events always end with `finish`, which the mapper turns into a chunk.
  const message = aggregate as AIMessageChunk;
  return new AIMessage({
    content: message.content,
    additional_kwargs: message.additional_kwargs,
    tool_calls: message.tool_calls,
    invalid_tool_calls: message.invalid_tool_calls,
    usage_metadata: message.usage_metadata,
    response_metadata: message.response_metadata,
  });
}
