import { invalid } from '../errors/builders.js';

/**
 * The most UTF-8 bytes a single token can stand for, with a wide margin. The longest token of
 * OpenAI's `cl100k_base` and `o200k_base` vocabularies and of GPT-2's is 128 bytes (measured
 * over every token of their published ranks); Qwen's byte-level BPE vocabulary grew out of
 * `cl100k_base`. Doubling that gives a bound no supported tokenizer is expected to reach.
 *
 * A prompt of B bytes is therefore at least B / 256 tokens, whatever its language or content,
 * and the chat template only adds tokens. The bytes are counted by their own floor, the
 * string's UTF-16 length: every UTF-16 code unit encodes to at least one UTF-8 byte (ASCII to
 * one, the rest of the BMP to two or three, a surrogate pair to four), and the length is free
 * to read, where encoding a long prompt is not.
 *
 * This floor is far below a real count (English runs at about 4 bytes per token): it exists to
 * refuse only prompts that certainly cannot fit, and leaves every prompt that might fit to the
 * edge, which knows the real count.
 */
export const MAX_BYTES_PER_TOKEN = 256;

/**
 * A floor on the UTF-8 bytes of every text a chat prompt carries (content strings, text parts,
 * tool arguments): their UTF-16 lengths.
 */
export function chatPromptBytes(messages: readonly unknown[]): number {
  let bytes = 0;
  const count = (text: unknown): void => {
    if (typeof text === 'string') bytes += text.length;
  };
  for (const message of messages) {
    const { content, tool_calls } = (message ?? {}) as { content?: unknown; tool_calls?: unknown };
    count(content);
    if (Array.isArray(content)) {
      for (const part of content as unknown[]) count((part as { text?: unknown } | null)?.text);
    }
    if (Array.isArray(tool_calls)) {
      for (const call of tool_calls as unknown[])
        count((call as { function?: { arguments?: unknown } } | null)?.function?.arguments);
    }
  }
  return bytes;
}

/** A lower bound on the tokens of `bytes` bytes of text, for any supported tokenizer. */
export function minimumTokens(bytes: number): number {
  return Math.ceil(bytes / MAX_BYTES_PER_TOKEN);
}

/**
 * Refuses, before any network call, a chat prompt that certainly exceeds the model's context
 * window (its token floor is above the window). Models without a documented window pass.
 */
export function checkPromptLength(
  model: string,
  contextWindow: number | undefined,
  messages: readonly unknown[],
): void {
  if (contextWindow === undefined) return;
  const bytes = chatPromptBytes(messages);
  const tokens = minimumTokens(bytes);
  if (tokens <= contextWindow) return;
  throw invalid(
    `The prompt is too long for ${model}: its text is at least ${bytes} bytes, so at least ${tokens} tokens (no tokenizer packs more than ${MAX_BYTES_PER_TOKEN} bytes into one); its context window is ${contextWindow} tokens.`,
    'messages',
    {
      code: 'context_length_exceeded',
      details: { contextWindow, bytes, minimumTokens: tokens },
    },
  );
}
