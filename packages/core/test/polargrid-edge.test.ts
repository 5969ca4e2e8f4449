import { describe, expect, inject, it } from 'vitest';
import {
  ConfigurationError,
  createChatCompletion,
  createEmbeddings,
  PolarGridEdge,
  health,
  listModels,
  streamChatCompletion,
  ValidationError,
} from '../src/index.js';
import type { ChatStreamEvent } from '../src/stream/events.js';

// Runs in both projects (Node and edge-runtime) against the emulator started by test/global-setup.ts.
const emulator = inject('emulator');
const CHAT = {
  model: 'qwen-3.8-27b',
  messages: [{ role: 'user' as const, content: 'Name three colours of the sky.' }],
  max_tokens: 24,
};
const options = () => ({ ...emulator, maxRetries: 0 });

async function streamedText(events: ReadableStream<ChatStreamEvent>) {
  let text = '';
  const types: string[] = [];
  for await (const event of events) {
    types.push(event.type);
    if (event.type === 'text-delta') text += event.text;
  }
  return { text, types };
}

describe('PolarGridEdge with endpoint functions', () => {
  it('streams a chat with routing metadata, and says the same as PolarGridEdge does', async () => {
    const edge = new PolarGridEdge(options());
    const { meta, events } = await streamChatCompletion(edge, CHAT);
    expect(meta.routeSource).toBe('autorouter');
    expect(meta.region).toMatch(/^[a-z]{3}-\d{2}$/);
    const ours = await streamedText(events);
    expect(ours.types[0]).toBe('metadata');
    expect(ours.types.at(-1)).toBe('finish');
    expect(ours.text.length).toBeGreaterThan(0);

    // The deterministic model answers the same conversation with the same text.
    const viaClient = await streamChatCompletion(new PolarGridEdge(options()), CHAT);
    expect((await streamedText(viaClient.events)).text).toBe(ours.text);
  });

  it('serves the other endpoints as functions, and accepts an PolarGridEdge too', async () => {
    const edge = new PolarGridEdge(options());
    const chat = await createChatCompletion(edge, CHAT);
    expect(chat.result.text.length).toBeGreaterThan(0);
    expect(chat.data.choices[0]?.message.content).toContain(chat.result.text);

    const client = new PolarGridEdge(options());
    const vectors = await createEmbeddings(client, { model: 'pg-embed-v1', input: ['a', 'b'] });
    expect(vectors.data.data).toHaveLength(2);
    expect((await listModels(edge)).data.data.map((m) => m.id)).toContain('qwen-3.8-27b');
    expect((await health(edge)).meta.status).toBe(200);
  });

  it('rejects bad input with a typed error before any request', async () => {
    let requests = 0;
    const edge = new PolarGridEdge({
      ...options(),
      fetch: (input, init) => {
        requests++;
        return fetch(input, init);
      },
    });
    const error = await streamChatCompletion(edge, { ...CHAT, temperature: 3 }).catch((e) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.param).toBe('temperature');
    expect(error.details).toBeUndefined();
    // A rejected promise, never a synchronous throw, from every endpoint function.
    await expect(createChatCompletion(edge, { ...CHAT, messages: [] })).rejects.toBeInstanceOf(
      ValidationError,
    );
    await expect(createEmbeddings(edge, { model: 'pg-embed-v1', input: [] })).rejects.toThrow(
      /input/,
    );
    expect(requests).toBe(0);
  });

  it('refuses something that is not an edge with a typed error that says what to pass', async () => {
    const notAnEdge = { ...new PolarGridEdge(options()) } as PolarGridEdge;
    const error = await streamChatCompletion(notAnEdge, CHAT).catch((e) => e);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error.code).toBe('invalid_client');
    expect(error.message).toContain('new PolarGridEdge(options)');
  });

  it('carries no key where code can reach it: own keys, JSON, inspect view', () => {
    const edge = new PolarGridEdge(options());
    expect(Object.keys(edge)).toEqual([]);
    expect(JSON.stringify(edge)).not.toContain(emulator.apiKey);
    expect(JSON.parse(JSON.stringify(edge)).apiKey).toBe('[redacted]');
    const inspect = (edge as unknown as Record<symbol, () => string>)[
      Symbol.for('nodejs.util.inspect.custom')
    ]?.();
    expect(inspect).toMatch(/^PolarGridEdge \{/);
    expect(inspect).not.toContain(emulator.apiKey);
  });
});
