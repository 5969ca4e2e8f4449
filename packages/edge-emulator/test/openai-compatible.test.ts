import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { streamText } from 'ai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EdgeEmulator, startEdgeEmulator } from '../src/index.js';

// What `@ai-sdk/openai-compatible` (the AI SDK's generic provider) sees of PolarGrid's stream,
// as the emulator serves it. The README's "Streams" section states these results.
let emulator: EdgeEmulator;
let expectedText: string;

const PROMPT = 'Name a river in Quebec.';

beforeAll(async () => {
  emulator = await startEdgeEmulator();
  const response = await fetch(`${emulator.edgeURLs['yto-01']}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${emulator.apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'qwen-3.8-27b', messages: [{ role: 'user', content: PROMPT }] }),
  });
  const body = (await response.json()) as { choices: { message: { content: string } }[] };
  expectedText = body.choices[0]?.message.content ?? '';
});

afterAll(async () => {
  await emulator.close();
});

/** Streams PROMPT through openai-compatible's chat model with the given metadata framing. */
async function streamWith(metadata: string | undefined) {
  const provider = createOpenAICompatible({
    name: 'polargrid',
    baseURL: `${emulator.edgeURLs['yto-01']}/v1`,
    apiKey: emulator.apiKey,
    includeUsage: true,
    headers: metadata === undefined ? {} : { 'x-pg-emulator-metadata': metadata },
  });
  const errors: unknown[] = [];
  const result = streamText({
    model: provider('qwen-3.8-27b'),
    prompt: PROMPT,
    maxRetries: 0,
    onError: ({ error }) => {
      errors.push(error);
    },
  });
  const text = await result.text;
  return { text, errors, finishReason: await result.finishReason, usage: await result.usage };
}

describe('@ai-sdk/openai-compatible against the emulator', () => {
  for (const framing of [undefined, 'data', 'event;before-done', 'data;before-done']) {
    it(`pg_metadata (${framing ?? 'default: named event after [DONE]'}) ends its stream with a type validation error`, async () => {
      const { text, errors, finishReason, usage } = await streamWith(framing);
      // The answer itself arrives whole, with its usage ...
      expect(text).toBe(expectedText);
      expect(usage.outputTokens).toBeGreaterThan(0);
      // ... but the provider reads past [DONE] (or meets the event before it), parses the
      // metadata as a chunk, and fails its schema.
      expect(finishReason).toBe('error');
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatchObject({ name: 'AI_TypeValidationError' });
      expect(String((errors[0] as Error).message)).toContain('inference_ttft_ms');
    });
  }

  it('without pg_metadata (x-pg-emulator-metadata: none) it finishes cleanly', async () => {
    const { text, errors, finishReason, usage } = await streamWith('none');
    expect(text).toBe(expectedText);
    expect(errors).toEqual([]);
    expect(finishReason).toBe('stop');
    expect(usage.outputTokens).toBeGreaterThan(0);
  });
});
