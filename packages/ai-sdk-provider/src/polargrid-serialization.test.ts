import { WORKFLOW_DESERIALIZE, WORKFLOW_SERIALIZE } from '@ai-sdk/provider-utils';
import { generateText } from 'ai';
import { describe, expect, it, inject } from 'vitest';
import { PolarGridChatLanguageModel } from './chat/polargrid-chat-language-model.js';
import { PolarGridEmbeddingModel } from './embedding/polargrid-embedding-model.js';
import { createPolarGrid } from './polargrid-provider.js';

describe('workflow serialisation', () => {
  it('carries the model id and settings but never the key or functions', () => {
    const pg = createPolarGrid({
      apiKey: 'pg_secret_value_123456',
      region: 'toronto',
      headers: { 'x-team': 'a', Authorization: 'Bearer pg_secret_value_123456' },
      fetch: globalThis.fetch,
      timeout: 5000,
    });
    const model = pg('qwen-3.8-27b') as PolarGridChatLanguageModel;
    const serialized = PolarGridChatLanguageModel[WORKFLOW_SERIALIZE](model);
    const json = JSON.stringify(serialized);
    expect(json).not.toContain('pg_secret_value');
    expect(JSON.parse(json)).toEqual({
      modelId: 'qwen-3.8-27b',
      config: {
        provider: 'polargrid.chat',
        settings: { region: 'toronto', timeout: 5000, headers: { 'x-team': 'a' } },
      },
    });
  });

  it('keeps an embedding model’s per-call limit', () => {
    const model = createPolarGrid().embedding('pg-embed-v1', {
      maxEmbeddingsPerCall: 8,
    }) as PolarGridEmbeddingModel;
    const copy = PolarGridEmbeddingModel[WORKFLOW_DESERIALIZE](
      JSON.parse(JSON.stringify(PolarGridEmbeddingModel[WORKFLOW_SERIALIZE](model))),
    );
    expect(copy.maxEmbeddingsPerCall).toBe(8);
    expect(copy.provider).toBe('polargrid.embedding');
  });

  it('a deserialised model works, reading the key from the environment', async () => {
    const emulator = inject('emulator');
    const model = createPolarGrid({
      autorouterURL: emulator.autorouterURL,
      edgeURLs: emulator.edgeURLs,
      apiKey: emulator.apiKey,
    })('qwen-3.8-27b') as PolarGridChatLanguageModel;
    const copy = PolarGridChatLanguageModel[WORKFLOW_DESERIALIZE](
      JSON.parse(JSON.stringify(PolarGridChatLanguageModel[WORKFLOW_SERIALIZE](model))),
    );
    // Node and Vercel Edge both expose process.env, which is where the key comes from after a step boundary.
    const env = (globalThis as { process?: { env: Record<string, string | undefined> } }).process
      ?.env;
    if (env === undefined) throw new Error('this runtime has no process.env');
    const previous = env.POLARGRID_API_KEY;
    env.POLARGRID_API_KEY = emulator.apiKey;
    try {
      const result = await generateText({ model: copy, prompt: 'Hi', maxOutputTokens: 10 });
      expect(result.text.length).toBeGreaterThan(0);
    } finally {
      if (previous === undefined) delete env.POLARGRID_API_KEY;
      else env.POLARGRID_API_KEY = previous;
    }
  });
});
