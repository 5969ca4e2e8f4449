import { LoadAPIKeyError, LoadSettingError, NoSuchModelError } from '@ai-sdk/provider';
import { generateText } from 'ai';
import { describe, expect, it } from 'vitest';
import { createPolarGrid, polargrid } from './polargrid-provider.js';

describe('createPolarGrid', () => {
  it('is callable, spec v4, and names its model kinds', () => {
    const pg = createPolarGrid({ apiKey: 'pg_test_key_123456' });
    expect(pg.specificationVersion).toBe('v4');
    const chat = pg('qwen-3.8-27b');
    expect(chat).toMatchObject({
      specificationVersion: 'v4',
      provider: 'polargrid.chat',
      modelId: 'qwen-3.8-27b',
    });
    for (const m of [pg.languageModel('x'), pg.chat('x'), pg.chatModel('x')]) {
      expect(m.provider).toBe('polargrid.chat');
    }
    for (const m of [pg.completion('x'), pg.completionModel('x')]) {
      expect(m.provider).toBe('polargrid.completion');
    }
    for (const m of [pg.embedding('x'), pg.embeddingModel('x'), pg.textEmbeddingModel('x')]) {
      expect(m.provider).toBe('polargrid.embedding');
    }
    for (const m of [pg.speech('kokoro-82m'), pg.speechModel('kokoro-82m')]) {
      expect(m.provider).toBe('polargrid.speech');
    }
    for (const m of [pg.transcription('x'), pg.transcriptionModel('x')]) {
      expect(m.provider).toBe('polargrid.transcription');
    }
  });

  it('refuses `new` and image models', () => {
    const pg = createPolarGrid();
    // @ts-expect-error calling with new is not allowed
    expect(() => new pg('qwen-3.8-27b')).toThrow(/new keyword/);
    expect(() => pg.imageModel('x')).toThrow(NoSuchModelError);
  });

  it('never throws at construction without a key, and reports LoadAPIKeyError per request', async () => {
    expect(polargrid('qwen-3.8-27b').modelId).toBe('qwen-3.8-27b');
    const pg = createPolarGrid({
      apiKey: () => '',
      baseURL: 'http://127.0.0.1:9', // never reached: the key is checked first
    });
    await expect(
      generateText({ model: pg('qwen-3.8-27b'), prompt: 'hi', maxRetries: 0 }),
    ).rejects.toSatisfy((e) => LoadAPIKeyError.isInstance(e));
  });

  it('resolves a function key on every request', async () => {
    let calls = 0;
    const pg = createPolarGrid({
      apiKey: async () => {
        calls++;
        return '';
      },
      baseURL: 'http://127.0.0.1:9',
    });
    const model = pg('qwen-3.8-27b');
    const prompt = [{ role: 'user' as const, content: [{ type: 'text' as const, text: 'hi' }] }];
    await expect(model.doGenerate({ prompt })).rejects.toSatisfy((e) =>
      LoadAPIKeyError.isInstance(e),
    );
    await expect(model.doGenerate({ prompt })).rejects.toSatisfy((e) =>
      LoadAPIKeyError.isInstance(e),
    );
    expect(calls).toBe(2);
  });

  it('keeps the key out of anything serialisable', () => {
    const pg = createPolarGrid({ apiKey: 'pg_secret_value_123456' });
    const model = pg('qwen-3.8-27b');
    expect(JSON.stringify({ pg, model })).not.toContain('pg_secret_value');
  });

  it('refuses a URL setting with credentials when it is created, without printing them', () => {
    for (const settings of [
      { baseURL: 'https://bob:s3cret@edge.example' },
      { autorouterURL: 'https://bob:s3cret@router.example' },
      { edgeURLs: { 'yto-01': 'https://bob:s3cret@edge.example' } },
    ]) {
      let caught: unknown;
      try {
        createPolarGrid({ apiKey: 'pg_test_key_123456', ...settings });
      } catch (error) {
        caught = error;
      }
      expect(LoadSettingError.isInstance(caught)).toBe(true);
      expect(String((caught as Error).message)).not.toMatch(/s3cret|bob/);
      expect(JSON.stringify(caught)).not.toMatch(/s3cret/);
    }
  });
});
