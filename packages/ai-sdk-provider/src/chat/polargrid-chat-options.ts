import { z } from 'zod/v4';

/**
 * How reasoning from earlier assistant turns is sent back:
 * - `omit` (default): not sent. PolarGrid documents no `reasoning_content` request field, and
 *   Qwen's chat template drops earlier thinking anyway.
 * - `reasoning-content`: sent as `reasoning_content` on the assistant message.
 * - `reasoning-content-always`: `reasoning_content` on every assistant message, `''` when the
 *   turn had no reasoning (for servers that reject assistant turns without the field, as
 *   DeepSeek-style thinking models do after tool calls).
 * - `think-tags`: prepended to the assistant content as `<think>…</think>`, the form the model
 *   produced it in.
 */
export type PolarGridReasoningEcho = (typeof REASONING_ECHO_POLICIES)[number];

/** The reasoning echo policies, as data (the schema and the README test use it). */
export const REASONING_ECHO_POLICIES = [
  'omit',
  'reasoning-content',
  'reasoning-content-always',
  'think-tags',
] as const;

/** Per-model settings of a chat model: `polargrid.chat(id, settings)`. */
export interface PolarGridChatSettings {
  /**
   * This model's reasoning echo policy, so it need not be repeated on every call;
   * `providerOptions.polargrid.reasoningEcho` still wins. Default `omit`.
   */
  reasoningEcho?: PolarGridReasoningEcho;
}

/** `providerOptions.polargrid` for chat and completion models. */
export interface PolarGridLanguageModelOptions {
  /** Top-k sampling (`top_k`). Overrides the `topK` call setting. */
  topK?: number;
  /** Qwen thinking (`enable_thinking`). Overrides the `reasoning` call setting. */
  enableThinking?: boolean;
  /** End-user id (`user`). */
  user?: string;
  /** `parallel_tool_calls`. */
  parallelToolCalls?: boolean;
  /** `strict` for `json_schema` structured output. Default true. */
  strictJsonSchema?: boolean;
  /** Reasoning echo policy for earlier turns. Default `omit`. */
  reasoningEcho?: PolarGridReasoningEcho;
  /** Extra body fields, sent as given (snake_case, for parameters this package does not know). */
  extraBody?: Record<string, unknown>;
}

export const polargridLanguageModelOptionsSchema = z.strictObject({
  topK: z.number().int().positive().optional(),
  enableThinking: z.boolean().optional(),
  user: z.string().optional(),
  parallelToolCalls: z.boolean().optional(),
  strictJsonSchema: z.boolean().optional(),
  reasoningEcho: z.enum(REASONING_ECHO_POLICIES).optional(),
  extraBody: z.record(z.string(), z.unknown()).optional(),
});
