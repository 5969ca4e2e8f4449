import { type EdgeEmulator, startEdgeEmulator } from '@polargrid/edge-emulator';
import { generateText, Output, streamText } from 'ai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createPolarGrid } from '../src/index.js';

// D5 through the AI SDK: no `maxOutputTokens` means the model's own limit goes on the wire
// (4,096 for qwen-3.8-27b), not PolarGrid's server default of 150 that cut objects mid-way.

let emulator: EdgeEmulator;
let pg: ReturnType<typeof createPolarGrid>;

beforeAll(async () => {
  emulator = await startEdgeEmulator();
  pg = createPolarGrid(emulator.clientOptions());
});
afterAll(async () => {
  await emulator.close();
});
beforeEach(() => emulator.resetRequests());

const sentLimits = (path: string) =>
  emulator.requests
    .filter((r) => r.target !== 'autorouter' && r.path === path)
    .map((r) => (r.body as { max_tokens?: unknown }).max_tokens);

describe('the output limit the provider sends', () => {
  it('is the catalogue limit when maxOutputTokens is unset (generateText, streamText, objects)', async () => {
    await generateText({ model: pg('qwen-3.8-27b'), prompt: 'Hi' });
    await streamText({ model: pg('qwen-3.8-27b'), prompt: 'Hi' }).consumeStream();
    await generateText({
      model: pg('qwen-3.8-27b'),
      prompt: 'A city and its country.',
      output: Output.object({ schema: z.object({ city: z.string(), country: z.string() }) }),
    }).catch(() => undefined); // the deterministic model's JSON is not the point here
    expect(sentLimits('/v1/chat/completions')).toEqual([4096, 4096, 4096]);
  });

  it('is the catalogue limit on the completion model too', async () => {
    await generateText({ model: pg.completion('qwen-3.8-27b'), prompt: 'Hi' });
    expect(sentLimits('/v1/completions')).toEqual([4096]);
  });

  it('is the caller’s maxOutputTokens when set', async () => {
    await generateText({ model: pg('qwen-3.8-27b'), prompt: 'Hi', maxOutputTokens: 5 });
    expect(sentLimits('/v1/chat/completions')).toEqual([5]);
  });

  it('keeps a caller’s 0: a typed error before the network, never the default', async () => {
    const error = await generateText({
      model: pg('qwen-3.8-27b'),
      prompt: 'Hi',
      maxOutputTokens: 0,
      maxRetries: 0,
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'AI_InvalidArgumentError', parameter: 'maxOutputTokens' });
    expect(sentLimits('/v1/chat/completions')).toEqual([]);
  });
});
