import type { AssembledToolCall, DecodeWarning, FinishReason, TokenUsage } from './events.js';

/**
 * A non-streamed chat completion, normalized the same way streams are:
 * reasoning split out of `<think>` (and `reasoning_content`/`reasoning`, `thinking` content
 * parts), tool calls with ids, `tool-calls` finish reason whenever tool calls exist.
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
  /** What the response held that was not used (another choice, unknown content), one per code. */
  warnings: DecodeWarning[];
}

/** A non-streamed text completion, normalized. */
export interface CompletionResult {
  id: string | undefined;
  model: string | undefined;
  created: number | undefined;
  text: string;
  finishReason: FinishReason;
  rawFinishReason: string | null;
  usage: TokenUsage | undefined;
  /** What the response held that was not used (another choice), one per code. */
  warnings: DecodeWarning[];
}
