import { describe, expect, it } from 'vitest';
import { mapFinishReason } from '../finish-reason.js';
import { toTokenUsage } from '../usage.js';

describe('mapFinishReason', () => {
  it.each([
    ['stop', false, 'stop'],
    ['length', false, 'length'],
    ['content_filter', false, 'content-filter'],
    ['tool_calls', false, 'tool-calls'],
    ['function_call', false, 'tool-calls'],
    ['eos', false, 'other'],
    [null, false, 'other'],
    [undefined, false, 'other'],
    ['stop', true, 'tool-calls'],
    [null, true, 'tool-calls'],
    ['eos', true, 'tool-calls'],
    ['length', true, 'length'],
    ['content_filter', true, 'content-filter'],
  ] as const)('%s (tools: %s) → %s', (raw, tools, expected) => {
    expect(mapFinishReason(raw, tools)).toBe(expected);
  });
});

describe('toTokenUsage', () => {
  it('maps counts and details and keeps raw', () => {
    const wire = {
      prompt_tokens: 1,
      completion_tokens: 2,
      total_tokens: 3,
      completion_tokens_details: { reasoning_tokens: 4 },
      prompt_tokens_details: { cached_tokens: 5 },
      extra: true,
    };
    expect(toTokenUsage(wire)).toEqual({
      promptTokens: 1,
      completionTokens: 2,
      totalTokens: 3,
      reasoningTokens: 4,
      cachedPromptTokens: 5,
      raw: wire,
    });
  });

  it('leaves unsent counts undefined and rejects non-objects', () => {
    const usage = toTokenUsage({ completion_tokens: 9, prompt_tokens_details: null });
    expect(usage).toEqual({
      promptTokens: undefined,
      completionTokens: 9,
      totalTokens: undefined,
      raw: usage?.raw,
    });
    expect(usage && 'reasoningTokens' in usage).toBe(false);
    expect(toTokenUsage(null)).toBeUndefined();
    expect(toTokenUsage([1])).toBeUndefined();
    expect(toTokenUsage({ prompt_tokens: '3' })?.promptTokens).toBeUndefined();
  });
});
