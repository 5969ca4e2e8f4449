import type { UsageMetadata } from '@langchain/core/messages';
import type { TokenUsage } from '@polargrid/core';

/**
 * Core token usage → LangChain `usage_metadata`. Counts the server did not send become 0 only
 * when at least one count arrived; with no counts at all there is no usage (D6: absent, not 0).
 */
export function toUsageMetadata(usage: TokenUsage | undefined): UsageMetadata | undefined {
  if (usage === undefined) return undefined;
  const { promptTokens, completionTokens, totalTokens } = usage;
  if (promptTokens === undefined && completionTokens === undefined && totalTokens === undefined) {
    return undefined;
  }
  const input = promptTokens ?? 0;
  const output = completionTokens ?? 0;
  const metadata: UsageMetadata = {
    input_tokens: input,
    output_tokens: output,
    total_tokens: totalTokens ?? input + output,
  };
  if (usage.cachedPromptTokens !== undefined) {
    metadata.input_token_details = { cache_read: usage.cachedPromptTokens };
  }
  if (usage.reasoningTokens !== undefined) {
    metadata.output_token_details = { reasoning: usage.reasoningTokens };
  }
  return metadata;
}
