/**
 * Core behaviour this package works around, demonstrated against `@polargrid/core` directly.
 * Each test states what the core should do and is marked `test.fails` while the core does not;
 * when the core is fixed the test starts passing, vitest reports it, and the mark (and the
 * provider's workaround, if no longer needed) can go.
 */
import { EdgeClient } from '@polargrid/core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { chunk, type ReplayServer, sse, startReplayServer } from './replay-server.js';

let edge: ReplayServer;
beforeAll(async () => {
  edge = await startReplayServer();
});
afterAll(() => edge.close());

const client = () =>
  new EdgeClient({ apiKey: 'pg_core_bug_key_123456', baseURL: edge.baseURL, maxRetries: 0 });
const errorBody = JSON.stringify({ error: { message: 'Model crashed', code: 'internal' } });

describe('core: a 2xx JSON body that carries `{"error": …}` (reference §9 H)', () => {
  // Core bug: EdgeClient.createChatCompletion resolves a 200 `{"error":{…}}` body as a normal
  // result (empty text, finishReason "other") instead of rejecting with a PolarGridError.
  // Workaround: assertSuccessBody() in src/polargrid-error.ts (pitfall 10 tests).
  test.fails('createChatCompletion rejects', async () => {
    edge.script({ body: errorBody });
    await expect(
      client().createChatCompletion({ model: 'm', messages: [{ role: 'user', content: 'x' }] }),
    ).rejects.toThrow(/Model crashed/);
  });

  // Core bug: the same for EdgeClient.createEmbeddings, which resolves with `data` undefined.
  test.fails('createEmbeddings rejects', async () => {
    edge.script({ body: errorBody });
    await expect(client().createEmbeddings({ model: 'm', input: ['x'] })).rejects.toThrow(
      /Model crashed/,
    );
  });
});

describe('core: OpenAI-style `refusal` deltas in a stream', () => {
  // Core gap: decodeChatStream has no event for `delta.refusal` and drops the text, so a streamed
  // refusal reaches the provider as an empty answer finishing "stop". (Generated responses are
  // covered by the provider from the raw body; a stream has no raw body to fall back on unless
  // includeRaw is on.)
  test.fails('a refusal delta reaches the events', async () => {
    edge.script({
      body: sse([chunk({ refusal: 'I cannot help with that.' }), chunk({}, 'stop')]),
    });
    const stream = await client().streamChatCompletion({
      model: 'm',
      messages: [{ role: 'user', content: 'x' }],
    });
    const seen: string[] = [];
    const reader = stream.events.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      seen.push(JSON.stringify(value));
    }
    expect(seen.join('\n')).toContain('I cannot help with that.');
  });
});
