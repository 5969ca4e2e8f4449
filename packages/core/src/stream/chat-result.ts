import type { AssembledToolCall, FinishReason, TokenUsage } from './events.js';

/**
 * A non-streamed chat completion, normalised the same way streams are:
 * reasoning split out of `<think>` (and `reasoning_content`/`reasoning`), tool calls with ids,
 * `tool-calls` finish reason whenever tool calls exist.
 */
export interface ChatResult {
  id: string | undefined;
  model: string | undefined;
  /** Unix seconds. */
  created: number | undefined;
  text: string;
  reasoning: string;
  toolCalls: AssembledToolCall[];
  finishReason: FinishReason;
  rawFinishReason: string | null;
  usage: TokenUsage | undefined;
}

/** A non-streamed text completion, normalised. */
export interface CompletionResult {
  id: string | undefined;
  model: string | undefined;
  created: number | undefined;
  text: string;
  finishReason: FinishReason;
  rawFinishReason: string | null;
  usage: TokenUsage | undefined;
}
