import { WORKFLOW_DESERIALIZE, WORKFLOW_SERIALIZE } from '@ai-sdk/provider-utils';
import { generateText } from 'ai';
import { describe, expect, it, inject } from 'vitest';
import { PolarGridChatLanguageModel } from './chat/polargrid-chat-language-model.js';
import { PolarGridCompletionLanguageModel } from './completion/polargrid-completion-language-model.js';
import { PolarGridEmbeddingModel } from './embedding/polargrid-embedding-model.js';
import { PolarGridSpeechModel } from './speech/polargrid-speech-model.js';
import { PolarGridTranscriptionModel } from './transcription/polargrid-transcription-model.js';
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

  it('never carries the key for any model kind, wherever the settings hid it', async () => {
    const emulator = inject('emulator');
    const key = emulator.apiKey;
    const pg = createPolarGrid({
      apiKey: key,
      autorouterURL: emulator.autorouterURL,
      edgeURLs: emulator.edgeURLs,
      headers: {
        // (An Authorization header is refused at request time; see the first test for its
        // serialisation.)
        'X-Api-Key': key,
        'x-forwarded-auth': `Token ${key}`,
        'x-team': 'a',
      },
      queryParams: { api_key: 'other-secret', sig: key, 'api-version': '7' },
      fallbackRegions: ['yto-01'],
    });
    const chat = pg('qwen-3.8-27b');
    // Use the model first: nothing resolved during a request may end up in the snapshot.
    await generateText({ model: chat, prompt: 'Hi', maxOutputTokens: 5 });
    const models: Array<[{ [WORKFLOW_SERIALIZE]: (m: never) => unknown }, unknown]> = [
      [PolarGridChatLanguageModel, chat],
      [PolarGridCompletionLanguageModel, pg.completion('qwen-3.8-27b')],
      [PolarGridEmbeddingModel, pg.embedding('pg-embed-v1')],
      [PolarGridSpeechModel, pg.speech('kokoro-82m')],
      [PolarGridTranscriptionModel, pg.transcription('whisper-large-v3-turbo')],
    ];
    for (const [cls, model] of models) {
      const json = JSON.stringify(cls[WORKFLOW_SERIALIZE](model as never));
      expect(json).not.toContain(key);
      expect(json).not.toContain('other-secret');
      expect(json).not.toMatch(/pg_[A-Za-z0-9]{6}/);
      const { config } = JSON.parse(json) as { config: { settings: Record<string, unknown> } };
      expect(config.settings).toMatchObject({
        headers: { 'x-team': 'a' },
        queryParams: { 'api-version': '7' },
        fallbackRegions: ['yto-01'],
      });
      expect(Object.keys(config.settings.headers as object)).toEqual(['x-team']);
      expect(Object.keys(config.settings.queryParams as object)).toEqual(['api-version']);
      // The live model object itself must not serialise the key either.
      expect(JSON.stringify(model)).not.toContain(key);
    }
  });

  it('leaves out a URL setting that embeds a key (a custom, non-pg_ key too)', () => {
    const pg = createPolarGrid({
      apiKey: 'my-gateway-secret',
      baseURL: 'https://gateway.example/v1?key=my-gateway-secret',
      region: 'toronto',
    });
    const json = JSON.stringify(
      PolarGridChatLanguageModel[WORKFLOW_SERIALIZE](pg('x') as PolarGridChatLanguageModel),
    );
    expect(json).not.toContain('my-gateway-secret');
    expect(JSON.parse(json).config.settings).toEqual({ region: 'toronto' });
  });

  it('keeps a chat model’s per-model settings', async () => {
    const model = createPolarGrid().chat('qwen-3.8-27b', {
      reasoningEcho: 'reasoning-content',
    }) as PolarGridChatLanguageModel;
    const copy = PolarGridChatLanguageModel[WORKFLOW_DESERIALIZE](
      JSON.parse(JSON.stringify(PolarGridChatLanguageModel[WORKFLOW_SERIALIZE](model))),
    );
    const { body } = await copy.prepareRequest({
      prompt: [{ role: 'assistant', content: [{ type: 'reasoning', text: 'r' }] }],
    });
    expect(body.messages[0]).toMatchObject({ reasoning_content: 'r' });
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
