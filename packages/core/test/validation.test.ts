import { describe, expect, it } from 'vitest';
import { checkPromptLength } from '../src/endpoints/prompt-length.js';
import {
  prepareChat,
  prepareCompletion,
  prepareEmbeddings,
  prepareSpeech,
} from '../src/endpoints/validate.js';
import {
  createChatCompletion,
  streamChatCompletion,
  createCompletion,
  streamCompletion,
  createEmbeddings,
  createSpeech,
  streamSpeech,
  transcribe,
  PolarGridEdge,
} from '../src/index.js';

// Nothing listens on port 1: a request that got past validation would fail as a NetworkError.
const client = new PolarGridEdge({
  apiKey: 'pg_test_key_1234',
  baseURL: 'http://127.0.0.1:1',
  maxRetries: 0,
});
const CHAT = { model: 'qwen-3.8-27b', messages: [{ role: 'user' as const, content: 'Hi' }] };
const SPEECH = {
  model: 'kokoro-82m',
  input: 'Hello',
  voice: 'af_bella',
  response_format: 'pcm' as const,
};
const invalid = { name: 'ValidationError', status: undefined, code: 'invalid_request' };

describe('pre-network validation', () => {
  it.each([
    ['empty model', { ...CHAT, model: '' }],
    ['empty messages', { ...CHAT, messages: [] }],
    ['5 stop sequences', { ...CHAT, stop: ['a', 'b', 'c', 'd', 'e'] }],
    ['max_tokens 0', { ...CHAT, max_tokens: 0 }],
    ['max_tokens 4097', { ...CHAT, max_tokens: 4097 }],
    ['max_tokens 1.5', { ...CHAT, max_tokens: 1.5 }],
    ['temperature 2.1', { ...CHAT, temperature: 2.1 }],
    ['temperature -0.1', { ...CHAT, temperature: -0.1 }],
    ['top_p 1.1', { ...CHAT, top_p: 1.1 }],
    ['frequency_penalty 3', { ...CHAT, frequency_penalty: 3 }],
    ['presence_penalty -2.5', { ...CHAT, presence_penalty: -2.5 }],
  ])('chat: %s', async (_label, body) => {
    await expect(createChatCompletion(client, body)).rejects.toMatchObject(invalid);
    await expect(streamChatCompletion(client, body)).rejects.toMatchObject(invalid);
  });

  it('completions validate the same ranges and an empty prompt', async () => {
    await expect(createCompletion(client, { model: 'm', prompt: [] })).rejects.toMatchObject(
      invalid,
    );
    await expect(
      streamCompletion(client, { model: 'm', prompt: 'x', top_p: 2 }),
    ).rejects.toMatchObject(invalid);
  });

  it.each([
    ['empty input', { ...SPEECH, input: '  ' }],
    ['empty voice', { ...SPEECH, voice: '' }],
    ['a voice kokoro does not have (OpenAI alloy)', { ...SPEECH, voice: 'alloy' }],
    ['speed 0.2', { ...SPEECH, speed: 0.2 }],
    ['speed 4.5', { ...SPEECH, speed: 4.5 }],
    ['opus for a whole clip', { ...SPEECH, response_format: 'opus' as const }],
  ])('speech: %s', async (_label, body) => {
    await expect(createSpeech(client, body)).rejects.toMatchObject(invalid);
  });

  it('streamed speech accepts only pcm or opus', async () => {
    await expect(streamSpeech(client, { ...SPEECH, response_format: 'mp3' })).rejects.toMatchObject(
      invalid,
    );
    await expect(streamSpeech(client, { ...SPEECH, response_format: 'wav' })).rejects.toMatchObject(
      invalid,
    );
  });

  it('transcription needs a non-empty Blob', async () => {
    await expect(
      transcribe(client, 'audio.wav' as unknown as Blob, { model: 'whisper-large-v3-turbo' }),
    ).rejects.toMatchObject(invalid);
    await expect(
      transcribe(client, new Blob([]), { model: 'whisper-large-v3-turbo' }),
    ).rejects.toMatchObject(invalid);
    await expect(transcribe(client, new Blob(['x']), { model: '' })).rejects.toMatchObject(invalid);
  });

  it('transcription rejects stream and sync together', async () => {
    const params = { model: 'whisper-large-v3-turbo', stream: true } as unknown as {
      model: string;
    };
    await expect(transcribe(client, new Blob(['x']), params)).rejects.toMatchObject({
      ...invalid,
      message: expect.stringMatching(/stream and sync/),
    });
  });

  it('a prompt past the model context window fails before the network; unknown models pass', async () => {
    const huge = {
      ...CHAT,
      // One byte past 256 bytes per token of the window: certainly too long for any tokenizer.
      messages: [{ role: 'user' as const, content: 'x'.repeat(256 * 262_144 + 1) }],
    };
    const overflow = {
      name: 'ValidationError',
      status: undefined,
      code: 'context_length_exceeded',
      message: expect.stringMatching(/too long for qwen-3.8-27b.*262144 tokens/),
    };
    await expect(createChatCompletion(client, huge)).rejects.toMatchObject(overflow);
    await expect(streamChatCompletion(client, huge)).rejects.toMatchObject(overflow);
    // Exactly at the floor is not certain, and any model without catalogue data passes
    // validation (checked without sending 64 MiB to the network).
    const atFloor = [{ role: 'user', content: 'x'.repeat(256 * 262_144) }];
    expect(() => checkPromptLength('qwen-3.8-27b', 262_144, atFloor)).not.toThrow();
    expect(() => prepareChat({ ...huge, model: 'some-future-model' }, false)).not.toThrow();
  });

  it('transcription refuses a file whose type is clearly not audio', async () => {
    const pdf = new Blob(['%PDF-1.7'], { type: 'application/pdf' });
    await expect(
      transcribe(client, pdf, { model: 'whisper-large-v3-turbo' }),
    ).rejects.toMatchObject({ ...invalid, message: expect.stringMatching(/application\/pdf/) });
    // Bytes that are clearly a document are refused whatever the Blob type says.
    const mislabelled = new Blob(['%PDF-1.7\n1 0 obj'], { type: 'audio/wav' });
    await expect(
      transcribe(client, mislabelled, { model: 'whisper-large-v3-turbo' }),
    ).rejects.toMatchObject({ ...invalid, message: expect.stringMatching(/PDF document/) });
    // Audio types and untyped blobs go through to the network.
    for (const type of ['audio/wav', 'audio/mpeg', 'video/webm', '']) {
      await expect(
        transcribe(client, new Blob(['x'], { type }), { model: 'whisper-large-v3-turbo' }),
      ).rejects.toMatchObject({ name: 'NetworkError' });
    }
  });

  it('embeddings need input', async () => {
    await expect(
      createEmbeddings(client, { model: 'pg-embed-v1', input: [] }),
    ).rejects.toMatchObject(invalid);
  });

  it('a valid request does reach the network', async () => {
    await expect(createChatCompletion(client, CHAT)).rejects.toMatchObject({
      name: 'NetworkError',
    });
  });
});

describe('wire bodies', () => {
  it('keep caller values including 0 and false, and default only the output limit (D5)', () => {
    const body = prepareChat(
      {
        ...CHAT,
        max_tokens: 1,
        temperature: 0,
        top_p: 0,
        frequency_penalty: 0,
        enable_thinking: false,
      },
      false,
    );
    expect(body).toEqual({
      ...CHAT,
      max_tokens: 1,
      temperature: 0,
      top_p: 0,
      frequency_penalty: 0,
      enable_thinking: false,
    });
    expect(prepareChat(CHAT, false)).toEqual({ ...CHAT, max_tokens: 4096 });
    // A model the catalogue does not know is left to the server's default.
    expect(prepareChat({ ...CHAT, model: 'my-finetune' }, false)).not.toHaveProperty('max_tokens');
    expect(prepareCompletion({ model: 'my-finetune', prompt: 'p' }, true)).not.toHaveProperty(
      'max_tokens',
    );
  });
  it('send a single stop string as an array', () => {
    expect(prepareChat({ ...CHAT, stop: 'END' }, false).stop).toEqual(['END']);
    expect(prepareCompletion({ model: 'm', prompt: 'p', stop: 'END' }, false).stop).toEqual([
      'END',
    ]);
  });
  it('streams always carry stream: true and include_usage', () => {
    expect(prepareChat({ ...CHAT, stream_options: { include_usage: false } }, true)).toMatchObject({
      stream: true,
      stream_options: { include_usage: true },
    });
    expect(prepareCompletion({ model: 'm', prompt: 'p' }, true)).toMatchObject({
      stream: true,
      stream_options: { include_usage: true },
    });
    expect(prepareChat({ ...CHAT, stream: true }, false).stream).toBeUndefined();
  });
  it('embeddings use encoding_format float; speech keeps response_format', () => {
    expect(prepareEmbeddings({ model: 'pg-embed-v1', input: 'x' }).encoding_format).toBe('float');
    expect(prepareSpeech(SPEECH, false)).toEqual(SPEECH);
    expect(prepareSpeech({ ...SPEECH, response_format: 'opus' }, true)).toEqual({
      ...SPEECH,
      response_format: 'opus',
      stream: true,
    });
  });
});
