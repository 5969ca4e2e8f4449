import { type EdgeEmulator, startEdgeEmulator } from '@polargrid/edge-emulator';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PolarGridEdge } from '../src/connection/polargrid-edge.js';
import { createChatCompletion, streamChatCompletion } from '../src/endpoints/chat.js';
import { createCompletion, streamCompletion } from '../src/endpoints/completions.js';
import { PolarGrid } from '../src/sdk/polargrid.js';

// D5: an unset output limit goes out as the model's own limit from the catalogue (4,096 for
// qwen-3.8-27b), never silently as the server's 150; a caller's value always wins, 0 included.

let emulator: EdgeEmulator;
beforeAll(async () => {
  emulator = await startEdgeEmulator();
});
afterAll(async () => {
  await emulator.close();
});
afterEach(() => emulator.resetRequests());

const MODEL = 'qwen-3.8-27b';
const messages = [{ role: 'user' as const, content: 'Say hello' }];
const client = () => new PolarGridEdge({ ...emulator.clientOptions(), maxRetries: 0 });
const sdk = () => new PolarGrid({ ...emulator.clientOptions(), maxRetries: 0 });

/** The bodies the emulator's edges received on one path, in order. */
function sentBodies(path: string): Record<string, unknown>[] {
  return emulator.requests
    .filter((r) => r.target !== 'autorouter' && r.path === path)
    .map((r) => r.body as Record<string, unknown>);
}

async function drain(stream: AsyncIterable<unknown>): Promise<void> {
  for await (const _ of stream);
}

describe('the output limit the core sends', () => {
  it('is the catalogue limit on chat and completions, whole and streamed', async () => {
    const c = client();
    await createChatCompletion(c, { model: MODEL, messages });
    await drain((await streamChatCompletion(c, { model: MODEL, messages })).events);
    await createCompletion(c, { model: MODEL, prompt: 'Hello' });
    await drain((await streamCompletion(c, { model: MODEL, prompt: 'Hello' })).events);
    const sent = [...sentBodies('/v1/chat/completions'), ...sentBodies('/v1/completions')];
    expect(sent).toHaveLength(4);
    for (const body of sent) expect(body.max_tokens).toBe(4096);
  });

  it('is the caller’s value when set', async () => {
    await createChatCompletion(client(), { model: MODEL, messages, max_tokens: 7 });
    await createCompletion(client(), { model: MODEL, prompt: 'Hello', max_tokens: 3 });
    expect(sentBodies('/v1/chat/completions')[0]?.max_tokens).toBe(7);
    expect(sentBodies('/v1/completions')[0]?.max_tokens).toBe(3);
  });

  it('keeps a caller’s 0: refused before the network, not replaced by the default', async () => {
    await expect(
      createChatCompletion(client(), { model: MODEL, messages, max_tokens: 0 }),
    ).rejects.toMatchObject({ name: 'ValidationError', param: 'max_tokens' });
    await expect(
      sdk().chatCompletion({ model: MODEL, messages, maxTokens: 0 }),
    ).rejects.toMatchObject({ name: 'ValidationError', param: 'max_tokens' });
    expect(emulator.requests.filter((r) => r.target !== 'autorouter')).toHaveLength(0);
  });

  it('is nothing for a model the catalogue does not know (the server decides)', async () => {
    // Straight to one edge: the autorouter would refuse a model no edge serves.
    const edge = new PolarGridEdge({
      apiKey: emulator.clientOptions().apiKey,
      baseURL: Object.values(emulator.edgeURLs)[0],
      maxRetries: 0,
    });
    await createChatCompletion(edge, { model: 'my-finetune', messages }).catch(() => undefined);
    const [body] = sentBodies('/v1/chat/completions');
    expect(body?.model).toBe('my-finetune');
    expect(body).not.toHaveProperty('max_tokens');
  });

  it('is the same on the PolarGrid (official-SDK) shape', async () => {
    const pg = sdk();
    await pg.chatCompletion({ model: MODEL, messages });
    await drain(pg.chatCompletionStream({ model: MODEL, messages }));
    await pg.completion({ model: MODEL, prompt: 'Hello' });
    await pg.chatCompletion({ model: MODEL, messages, maxTokens: 9 });
    const chat = sentBodies('/v1/chat/completions').map((b) => b.max_tokens);
    expect(chat).toEqual([4096, 4096, 9]);
    expect(sentBodies('/v1/completions')[0]?.max_tokens).toBe(4096);
  });
});
