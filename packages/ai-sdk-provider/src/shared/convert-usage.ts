import type { JSONObject, LanguageModelV4Usage } from '@ai-sdk/provider';
import type { TokenUsage } from '@polargrid/core';

/**
 * Maps the core's token usage to the V4 shape. A count the server did not send stays
 * `undefined`; derived counts (`noCache`, `text`) are filled only when both inputs are known,
 * so no 0 or NaN is ever invented.
 */
export function convertUsage(usage: TokenUsage | undefined): LanguageModelV4Usage {
  if (usage === undefined) {
    return {
      inputTokens: {
        total: undefined,
        noCache: undefined,
        cacheRead: undefined,
        cacheWrite: undefined,
      },
      outputTokens: { total: undefined, text: undefined, reasoning: undefined },
    };
  }
  const input = usage.promptTokens;
  const cached = usage.cachedPromptTokens;
  const output = usage.completionTokens;
  const reasoning = usage.reasoningTokens;
  return {
    inputTokens: {
      total: input,
      noCache: input !== undefined && cached !== undefined ? input - cached : undefined,
      cacheRead: cached,
      cacheWrite: undefined,
    },
    outputTokens: {
      total: output,
      text: output !== undefined && reasoning !== undefined ? output - reasoning : undefined,
      reasoning,
    },
    raw: usage.raw as JSONObject,
  };
}
