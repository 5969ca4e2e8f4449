/**
 * Per-answer metadata the routes attach to the assistant UI message (`messageMetadata`) and the
 * UI shows under each answer. Shared by server and client, so it holds types and pure helpers only.
 */
import type { PolarGridRunMetadata } from '@polargrid/langchain';
import type { UIMessage } from 'ai';

export type ChatBackend = 'ai-sdk' | 'langchain';

/**
 * The edge fields (region, request id, time to first token, token usage, steps) are the ones
 * `@polargrid/langchain`'s `tapLangGraphMetadata` collects; the AI SDK route fills the same.
 */
export interface ChatMetadata extends PolarGridRunMetadata {
  backend?: ChatBackend;
  model?: string;
}

export type ChatUIMessage = UIMessage<ChatMetadata>;

/** The body the client sends next to the messages. */
export interface ChatRequestBody {
  messages: ChatUIMessage[];
  model?: string;
  thinking?: boolean;
}

export const DEFAULT_MODEL = 'qwen-3.8-27b';
