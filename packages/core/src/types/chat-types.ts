/** Wire types for `/v1/chat/completions`. Names stay snake_case, as on the wire. */

export interface ChatTextPart {
  type: 'text';
  text: string;
}
export interface ChatImagePart {
  type: 'image_url';
  image_url: { url: string; detail?: 'auto' | 'low' | 'high' };
}
export type ChatContentPart = ChatTextPart | ChatImagePart;

export interface ChatToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

/** One message of a chat request, by role (`system`, `user` with text or image parts, `assistant` with tool calls, `tool`). */
export type ChatMessage =
  | { role: 'system'; content: string; name?: string }
  | { role: 'user'; content: string | ChatContentPart[]; name?: string }
  | {
      role: 'assistant';
      content: string | null;
      tool_calls?: ChatToolCall[];
      name?: string;
      /** Only sent when the caller opts in to echoing reasoning. */
      reasoning_content?: string;
    }
  | { role: 'tool'; content: string; tool_call_id: string; name?: string };

export interface ChatFunctionTool {
  type: 'function';
  function: {
    name: string;
    description?: string;
    parameters?: Record<string, unknown>;
    strict?: boolean;
  };
}

export type ChatToolChoice =
  | 'auto'
  | 'none'
  | 'required'
  | { type: 'function'; function: { name: string } };

export type ChatResponseFormat =
  | { type: 'text' }
  | { type: 'json_object' }
  | {
      type: 'json_schema';
      json_schema: {
        name: string;
        description?: string;
        schema: Record<string, unknown>;
        strict?: boolean;
      };
    };

/** Request body of `POST /v1/chat/completions`. Every field the caller sets is sent, including 0. */
export interface ChatCompletionRequest {
  model: string;
  messages: ChatMessage[];
  /**
   * Output limit (1–4096). Unset, the model's own limit from the catalogue is sent (4,096 for
   * `qwen-3.8-27b`), not the server's default of 150; a model the catalogue does not know gets
   * the server's default (D5).
   */
  max_tokens?: number;
  temperature?: number;
  top_p?: number;
  top_k?: number;
  frequency_penalty?: number;
  presence_penalty?: number;
  /** At most 4 sequences (a single string is sent as a one-element array). */
  stop?: string[] | string;
  seed?: number;
  user?: string;
  enable_thinking?: boolean;
  tools?: ChatFunctionTool[];
  tool_choice?: ChatToolChoice;
  parallel_tool_calls?: boolean;
  response_format?: ChatResponseFormat;
  stream?: boolean;
  stream_options?: { include_usage?: boolean };
  /** Any further field is passed through untouched (provider options, future parameters). */
  [extra: string]: unknown;
}

export interface WireUsage {
  prompt_tokens?: number;
  completion_tokens?: number;
  total_tokens?: number;
  prompt_tokens_details?: { cached_tokens?: number } | null;
  completion_tokens_details?: { reasoning_tokens?: number } | null;
  [extra: string]: unknown;
}

export interface ChatCompletion {
  id: string;
  object: 'chat.completion';
  created: number;
  model: string;
  choices: Array<{
    index: number;
    message: {
      role: 'assistant';
      content: string | null;
      tool_calls?: ChatToolCall[];
      reasoning_content?: string | null;
      reasoning?: string | null;
      /** OpenAI-style refusal text (the core reports it as text with a `content-filter` finish). */
      refusal?: string | null;
    };
    finish_reason: string | null;
  }>;
  usage?: WireUsage;
}

/**
 * One `delta.tool_calls[]` entry as it may arrive on the wire (every field optional; ids may be
 * numbers; `arguments` is JSON text, or an object from servers that send it parsed). A whole
 * answer's `message.tool_calls[]` is read as these too.
 */
export interface ChatToolCallDelta {
  index?: number | null;
  id?: string | number | null;
  type?: string | null;
  function?: {
    name?: string | null;
    arguments?: string | Record<string, unknown> | null;
  } | null;
}

export interface ChatCompletionChunk {
  id?: string;
  object?: 'chat.completion.chunk';
  created?: number;
  model?: string;
  choices?: Array<{
    index?: number;
    delta?: {
      role?: string;
      content?: string | null;
      reasoning_content?: string | null;
      reasoning?: string | null;
      refusal?: string | null;
      tool_calls?: ChatToolCallDelta[];
    };
    finish_reason?: string | null;
  }>;
  usage?: WireUsage | null;
}
