/**
 * Per-answer metadata the routes attach to the assistant UI message (`messageMetadata`) and the
 * UI shows under each answer. Shared by server and client, so it holds types and pure helpers only.
 */
import type { UIMessage } from 'ai';

export type ChatBackend = 'ai-sdk' | 'langchain';

export interface ChatMetadata {
  backend?: ChatBackend;
  model?: string;
  /** Edge region id, e.g. `yto-01`. */
  region?: string;
  regionName?: string;
  /** The edge's request id, for support tickets. */
  requestId?: string;
  /** Route start to the first streamed token (text, reasoning or tool-call arguments), measured on the server. */
  ttftMs?: number;
  /** The edge's own inference time to first token (`pg_metadata.inference_ttft_ms`). */
  serverTtftMs?: number;
  inputTokens?: number;
  outputTokens?: number;
  totalTokens?: number;
  /** Model calls in this answer (more than one when tools ran). */
  steps?: number;
}

export type ChatUIMessage = UIMessage<ChatMetadata>;

/** The body the client sends next to the messages. */
export interface ChatRequestBody {
  messages: ChatUIMessage[];
  model?: string;
  thinking?: boolean;
}

export const DEFAULT_MODEL = 'qwen-3.8-27b';
