import { afterEach, describe, expect, it } from 'vitest';
import type { ChatStreamEvent } from '../src/stream/events.js';
import {
  CHAT,
  chatChunk,
  chatCompletion,
  json,
  KEY,
  sseChunk,
  startServer,
  type TestServer,
} from './helpers/server.js';
import { createChatCompletion, streamChatCompletion, PolarGridEdge } from '../src/index.js';

/** An answer that mentions the tag after its first words (rule 5 of the hostile-edge issue). */
const ANSWER = 'Wrap it in <think>notes</think> tags.';

const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function edgeAnswering(): Promise<PolarGridEdge> {
  const edge = await startServer((_req, res, body) => {
    if (JSON.parse(body).stream !== true) return json(res, 200, chatCompletion(ANSWER));
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.write(sseChunk(chatChunk('Wrap it in <thi')));
    res.write(sseChunk(chatChunk('nk>notes</think> tags.')));
    res.write(sseChunk(chatChunk(undefined, 'stop')));
    res.end(sseChunk('[DONE]'));
  });
  servers.push(edge);
  return new PolarGridEdge({ apiKey: KEY, baseURL: edge.url });
}

async function streamed(client: PolarGridEdge, enableThinking?: boolean) {
  const request =
    enableThinking === undefined ? CHAT : { ...CHAT, enable_thinking: enableThinking };
  const { events } = await streamChatCompletion(client, request);
  const seen: ChatStreamEvent[] = [];
  for await (const event of events) seen.push(event);
  const join = (type: string) =>
    seen
      .filter((e) => e.type === type)
      .map((e) => (e as { text: string }).text)
      .join('');
  return { text: join('text-delta'), reasoning: join('reasoning-delta') };
}

describe('chat: where <think> is reasoning follows the request', () => {
  it('without enable_thinking, a later <think> stays answer text (streamed and whole)', async () => {
    const client = await edgeAnswering();
    for (const flag of [undefined, false]) {
      expect(await streamed(client, flag)).toEqual({ text: ANSWER, reasoning: '' });
      const whole = await createChatCompletion(
        client,
        flag === undefined ? CHAT : { ...CHAT, enable_thinking: flag },
      );
      expect(whole.result).toMatchObject({ text: ANSWER, reasoning: '' });
    }
  });

  it('with enable_thinking: true, the block is reasoning wherever it is', async () => {
    const client = await edgeAnswering();
    expect(await streamed(client, true)).toEqual({ text: 'Wrap it in tags.', reasoning: 'notes' });
    const whole = await createChatCompletion(client, { ...CHAT, enable_thinking: true });
    expect(whole.result).toMatchObject({ text: 'Wrap it in tags.', reasoning: 'notes' });
  });
});
