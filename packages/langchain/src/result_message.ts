import { AIMessage, type MessageContent } from '@langchain/core/messages';
import type { ChatResult as CoreChatResult, ResponseMeta, ServerTimings } from '@polargrid/core';
import { buildResponseMetadata, toWireFinishReason } from './response_metadata.js';
import type { ReasoningMode } from './stream_chunks.js';
import { toLangChainToolCalls } from './tool_calls.js';
import { toUsageMetadata } from './usage.js';

export interface ResultMessageOptions {
  requestedModel: string;
  meta: ResponseMeta | undefined;
  reasoningMode: ReasoningMode;
  timings?: ServerTimings | undefined;
}

/**
 * A non-streamed core result → `AIMessage`. Content is the text as a string; when the model
 * reasoned (and reasoning is kept) it is `[{type: "reasoning"}, {type: "text"}]`, the same shape
 * the concatenated stream has, with the reasoning also in `additional_kwargs.reasoning_content`.
 */
export function resultToMessage(result: CoreChatResult, options: ResultMessageOptions): AIMessage {
  const keepReasoning = options.reasoningMode !== 'strip' && result.reasoning !== '';
  const content: MessageContent = keepReasoning
    ? [
        { type: 'reasoning', reasoning: result.reasoning },
        { type: 'text', text: result.text },
      ]
    : result.text;
  const { toolCalls, invalidToolCalls } = toLangChainToolCalls(result.toolCalls);
  return new AIMessage({
    content,
    additional_kwargs: keepReasoning ? { reasoning_content: result.reasoning } : {},
    tool_calls: toolCalls,
    invalid_tool_calls: invalidToolCalls,
    usage_metadata: toUsageMetadata(result.usage),
    response_metadata: buildResponseMetadata({
      requestedModel: options.requestedModel,
      serverModel: result.model,
      serverId: result.id,
      meta: options.meta,
      finishReason: toWireFinishReason(result.finishReason, result.rawFinishReason),
      timings: options.timings,
    }),
  });
}
