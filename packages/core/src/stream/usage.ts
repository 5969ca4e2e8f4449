import type { TokenUsage } from './events.js';
import { finite } from './wire.js';
import { isRecord } from '../util/safe-json.js';

/** `parent[key]` as a count, when `parent` is an object (a `*_details` field may be null). */
function detail(parent: unknown, key: string): number | undefined {
  return isRecord(parent) ? finite(parent[key]) : undefined;
}

/**
 * Maps a wire `usage` object to {@link TokenUsage}. Counts the server did not send stay
 * `undefined` (never guessed); `raw` keeps the object as received.
 *
 * @returns undefined when `wire` is not an object (absent or `null` usage).
 */
export function toTokenUsage(wire: unknown): TokenUsage | undefined {
  if (!isRecord(wire)) return undefined;
  const usage: TokenUsage = {
    promptTokens: finite(wire.prompt_tokens),
    completionTokens: finite(wire.completion_tokens),
    totalTokens: finite(wire.total_tokens),
    raw: wire,
  };
  const reasoning = detail(wire.completion_tokens_details, 'reasoning_tokens');
  if (reasoning !== undefined) usage.reasoningTokens = reasoning;
  const cached = detail(wire.prompt_tokens_details, 'cached_tokens');
  if (cached !== undefined) usage.cachedPromptTokens = cached;
  return usage;
}
