import { expect, it } from 'vitest';
import { convertUsage } from './convert-usage.js';

it('derives noCache and text only when both inputs are known', () => {
  expect(
    convertUsage({
      promptTokens: 100,
      completionTokens: 40,
      totalTokens: 140,
      cachedPromptTokens: 30,
      reasoningTokens: 25,
      raw: { prompt_tokens: 100 },
    }),
  ).toEqual({
    inputTokens: { total: 100, noCache: 70, cacheRead: 30, cacheWrite: undefined },
    outputTokens: { total: 40, text: 15, reasoning: 25 },
    raw: { prompt_tokens: 100 },
  });
});

it('keeps absent counts undefined, never 0 or NaN', () => {
  const usage = convertUsage({
    promptTokens: undefined,
    completionTokens: 7,
    totalTokens: undefined,
    raw: { completion_tokens: 7 },
  });
  expect(usage.inputTokens).toEqual({
    total: undefined,
    noCache: undefined,
    cacheRead: undefined,
    cacheWrite: undefined,
  });
  expect(usage.outputTokens).toEqual({ total: 7, text: undefined, reasoning: undefined });
  expect(convertUsage(undefined).outputTokens.total).toBeUndefined();
});
