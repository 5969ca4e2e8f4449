import { TooManyEmbeddingValuesForCallError } from '@ai-sdk/provider';
import { APICallError, embed, embedMany, generateText, jsonSchema, streamText, tool } from 'ai';
import { describe, expect, it } from 'vitest';
import type { PolarGridCompletionLanguageModel } from '../src/completion/polargrid-completion-language-model.js';
import { collect, emulatorProvider, fault } from './helpers.js';

const pg = emulatorProvider();

describe('completion model', () => {
  it('generates text from a flattened prompt, with usage', async () => {
    const result = await generateText({
      model: pg.completion('qwen-3.8-27b'),
      system: 'You are terse.',
      prompt: 'Tell me about glaciers.',
      maxOutputTokens: 30,
      include: { requestBody: true },
    });
    expect(result.text.length).toBeGreaterThan(0);
    expect(result.usage.outputTokens).toBeGreaterThan(0);
    expect(result.request.body).toMatchObject({
      prompt: 'You are terse.\n\nuser:\nTell me about glaciers.\n\nassistant:\n',
      stop: ['\nuser:'],
      max_tokens: 30,
    });
  });

  it('streams text with usage and warns about tools', async () => {
    const result = streamText({
      model: pg.completion('qwen-3.8-27b'),
      prompt: 'Tell me about glaciers.',
      maxOutputTokens: 20,
      tools: { noop: tool({ inputSchema: jsonSchema({ type: 'object', properties: {} }) }) },
    });
    const types = (await collect(result.fullStream))
      .map((p) => p.type)
      .filter((t, i, a) => t !== a[i - 1]);
    expect(types).toEqual([
      'start',
      'start-step',
      'text-start',
      'text-delta',
      'text-end',
      'finish-step',
      'finish',
    ]);
    expect((await result.usage).outputTokens).toBeGreaterThan(0);
    expect(await result.warnings).toEqual([
      expect.objectContaining({ type: 'unsupported', feature: 'tools' }),
    ]);
  });

  it('warns about chat-only provider options instead of ignoring them', async () => {
    const model = pg.completion('qwen-3.8-27b') as PolarGridCompletionLanguageModel;
    const { body, warnings } = await model.prepareRequest({
      prompt: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }],
      providerOptions: {
        polargrid: { enableThinking: true, reasoningEcho: 'omit', topK: 3, user: 'u' },
      },
    });
    expect(body).toMatchObject({ top_k: 3, user: 'u' });
    expect(body).not.toHaveProperty('enable_thinking');
    expect(warnings).toEqual([
      expect.objectContaining({
        type: 'unsupported',
        feature: 'providerOptions.polargrid.enableThinking',
      }),
      expect.objectContaining({
        type: 'unsupported',
        feature: 'providerOptions.polargrid.reasoningEcho',
      }),
    ]);
  });

  it('includeUsage: false leaves stream usage out, for completions as for chat', async () => {
    const quiet = emulatorProvider({ includeUsage: false });
    for (const model of [quiet.completion('qwen-3.8-27b'), quiet('qwen-3.8-27b')]) {
      const result = streamText({ model, prompt: 'Tell me about glaciers.', maxOutputTokens: 10 });
      await result.consumeStream();
      expect((await result.usage).outputTokens, model.provider).toBeUndefined();
    }
  });

  it('finishes a cut completion stream as interrupted', async () => {
    const result = streamText({
      model: pg.completion('qwen-3.8-27b'),
      prompt: 'Tell me about glaciers.',
      headers: fault('no-finish;afterChunks=2'),
    });
    const parts = await collect(result.fullStream);
    expect(parts.some((p) => p.type === 'error')).toBe(false);
    expect(await result.finishReason).toBe('interrupted');
  });
});

describe('embedding model', () => {
  const model = pg.embedding('pg-embed-v1');

  it('embeds with usage, dimensions and metadata', async () => {
    const result = await embed({
      model,
      value: 'sunny day',
      providerOptions: { polargrid: { user: 'u1' } },
    });
    expect(result.embedding.length).toBeGreaterThan(0);
    expect(result.usage.tokens).toBeGreaterThan(0);
    const small = await embed({ model, value: 'sunny day', dimensions: 8 } as Parameters<
      typeof embed
    >[0]);
    expect(small.embedding).toHaveLength(8);
    expect(result.providerMetadata?.polargrid).toMatchObject({ region: expect.any(String) });
  });

  it('keeps the order of many values', async () => {
    const values = ['a cat', 'a dog', 'a cat'];
    const { embeddings } = await embedMany({ model, values });
    expect(embeddings).toHaveLength(3);
    expect(embeddings[0]).toEqual(embeddings[2]);
    expect(embeddings[0]).not.toEqual(embeddings[1]);
  });

  it('embedMany splits by maxEmbeddingsPerCall, one request per chunk, order kept', async () => {
    const sizes: number[] = [];
    const counting = emulatorProvider({
      fetch: (input, init) => {
        if (typeof init?.body === 'string') {
          sizes.push((JSON.parse(init.body) as { input: string[] }).input.length);
        }
        return fetch(input, init);
      },
    });
    const values = Array.from({ length: 7 }, (_, i) => `value ${i % 3}`);
    const { embeddings } = await embedMany({
      model: counting.embedding('pg-embed-v1', { maxEmbeddingsPerCall: 3 }),
      values,
    });
    expect(sizes.sort()).toEqual([1, 3, 3]);
    expect(embeddings).toHaveLength(7);
    // Equal inputs give equal vectors, so a reordering across chunks would show here.
    expect(embeddings[6]).toEqual(embeddings[0]);
    expect(embeddings[4]).toEqual(embeddings[1]);
    expect(embeddings[0]).not.toEqual(embeddings[1]);
  });

  it('declares its per-call limit and parallel support, and refuses more values', async () => {
    expect(model.maxEmbeddingsPerCall).toBe(256);
    expect(model.supportsParallelCalls).toBe(true);
    await expect(
      model.doEmbed({ values: Array.from({ length: 257 }, () => 'x') }),
    ).rejects.toSatisfy((e) => TooManyEmbeddingValuesForCallError.isInstance(e));
  });

  it('names model and region when an edge serves no such embedding model (D1)', async () => {
    const error = await embed({
      model: emulatorProvider({ region: 'yto-01' }).embedding('text-embedding-3-small'),
      value: 'x',
      maxRetries: 0,
    }).catch((e: unknown) => e);
    expect(APICallError.isInstance(error)).toBe(true);
    const apiError = error as APICallError;
    expect(apiError.statusCode).toBe(404);
    expect(apiError.isRetryable).toBe(false);
    expect(apiError.message).toContain('text-embedding-3-small');
    expect(apiError.message).toContain('yto-01');
    expect(apiError.message).toMatch(/public PolarGrid catalogue lists no embedding model/);
  });
});
