import type { TokenUsage } from './events.js';

function count(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function detail(parent: unknown, key: string): number | undefined {
  return typeof parent === 'object' && parent !== null
    ? count((parent as Record<string, unknown>)[key])
    : undefined;
}

/**
 * Maps a wire `usage` object to {@link TokenUsage}. Counts the server did not send stay
 * `undefined` (never guessed); `raw` keeps the object as received.
 *
 * @returns undefined when `wire` is not an object (absent or `null` usage).
 */
export function toTokenUsage(wire: unknown): TokenUsage | undefined {
  if (typeof wire !== 'object' || wire === null || Array.isArray(wire)) return undefined;
  const w = wire as Record<string, unknown>;
  const usage: TokenUsage = {
    promptTokens: count(w.prompt_tokens),
    completionTokens: count(w.completion_tokens),
    totalTokens: count(w.total_tokens),
    raw: w,
  };
  const reasoning = detail(w.completion_tokens_details, 'reasoning_tokens');
  if (reasoning !== undefined) usage.reasoningTokens = reasoning;
  const cached = detail(w.prompt_tokens_details, 'cached_tokens');
  if (cached !== undefined) usage.cachedPromptTokens = cached;
  return usage;
}
