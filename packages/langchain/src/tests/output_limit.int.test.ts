/**
 * D5 through LangChain: an unset `maxTokens` goes on the wire as the model's own output limit
 * from the catalogue (4,096 for qwen-3.8-27b), not PolarGrid's server default of 150.
 */
import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import { ChatPolarGrid } from '../chat_models.js';
import { PolarGridLLM } from '../llms.js';
import { useEmulator } from './emulator.js';

const emulator = useEmulator();
const options = () => ({ ...emulator.current.clientOptions(), maxRetries: 0 });
const sentLimits = (path: string) =>
  emulator.current.requests
    .filter((r) => r.target !== 'autorouter' && r.path === path)
    .map((r) => (r.body as { max_tokens?: unknown }).max_tokens);

describe('the output limit LangChain sends', () => {
  test('ChatPolarGrid: the catalogue limit on invoke, stream and structured output', async () => {
    emulator.current.resetRequests();
    const chat = new ChatPolarGrid(options());
    await chat.invoke('Hello');
    for await (const _ of await chat.stream('Hello'));
    await chat
      .withStructuredOutput(z.object({ city: z.string() }))
      .invoke('A city?')
      .catch(() => undefined); // the deterministic model's arguments are not the point here
    expect(sentLimits('/v1/chat/completions')).toEqual([4096, 4096, 4096]);
  });

  test('ChatPolarGrid: the caller’s maxTokens wins; 0 is refused, not replaced', async () => {
    emulator.current.resetRequests();
    await new ChatPolarGrid({ ...options(), maxTokens: 12 }).invoke('Hello');
    await expect(new ChatPolarGrid({ ...options(), maxTokens: 0 }).invoke('Hello')).rejects.toThrow(
      expect.objectContaining({ name: 'ValidationError', param: 'max_tokens' }),
    );
    expect(sentLimits('/v1/chat/completions')).toEqual([12]);
  });

  test('PolarGridLLM: the catalogue limit unset, the caller’s when set', async () => {
    emulator.current.resetRequests();
    await new PolarGridLLM(options()).invoke('Once upon a time');
    for await (const _ of await new PolarGridLLM(options()).stream('Once upon a time'));
    await new PolarGridLLM({ ...options(), maxTokens: 8 }).invoke('Once upon a time');
    expect(sentLimits('/v1/completions')).toEqual([4096, 4096, 8]);
  });
});
