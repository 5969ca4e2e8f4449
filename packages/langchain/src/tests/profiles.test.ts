import { MODEL_CATALOG } from '@polargrid/core';
import { describe, expect, test } from 'vitest';
import { getProfile, profileFromCapabilities } from '../profiles.js';

describe('profiles', () => {
  test('qwen-3.8-27b: tools, structured output, reasoning and context from the catalogue', () => {
    const caps = MODEL_CATALOG.find((m) => m.id === 'qwen-3.8-27b')!;
    expect(getProfile('qwen-3.8-27b')).toMatchObject({
      toolCalling: caps.tools,
      structuredOutput: caps.structuredOutput,
      reasoningOutput: caps.reasoning,
      maxInputTokens: caps.contextWindow,
      maxOutputTokens: caps.maxOutputTokens,
      imageInputs: caps.vision,
    });
  });

  test('a legacy model without tools says so', () => {
    const caps = MODEL_CATALOG.find((m) => m.id === 'qwen-3.5-9b');
    expect(caps).toBeDefined();
    expect(caps!.tools).toBe(false);
    expect(profileFromCapabilities(caps).toolCalling).toBe(false);
  });

  test('unknown ids and non-chat models give {}; overrides apply on top', () => {
    expect(getProfile('no-such-model')).toEqual({});
    expect(getProfile('pg-embed-v1')).toEqual({});
    expect(getProfile('no-such-model', { toolCalling: true })).toEqual({ toolCalling: true });
  });
});
