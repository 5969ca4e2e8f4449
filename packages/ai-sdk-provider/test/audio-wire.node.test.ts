import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { InvalidArgumentError } from '@ai-sdk/provider';
import { generateSpeech, transcribe } from 'ai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createPolarGrid } from '../src/index.js';

/** A purpose-built edge that records what the provider sends for audio requests. */
interface Recorded {
  method: string;
  url: URL;
  headers: IncomingMessage['headers'];
  body: Buffer;
}

let server: Server;
let baseURL: string;
let recorded: Recorded[] = [];
const WAV = Buffer.concat([
  Buffer.from('RIFF'),
  Buffer.alloc(4),
  Buffer.from('WAVEfmt '),
  Buffer.alloc(32),
]);

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x');
      recorded.push({
        method: req.method ?? '',
        url,
        headers: req.headers,
        body: Buffer.concat(chunks),
      });
      if (url.pathname === '/v1/audio/speech') {
        res.writeHead(200, { 'content-type': 'audio/wav', 'x-request-id': 'req_tts' });
        res.end(WAV);
        return;
      }
      if (url.pathname === '/v1/audio/transcriptions') {
        res.writeHead(200, { 'content-type': 'application/json', 'x-request-id': 'req_stt' });
        res.end(
          JSON.stringify({
            text: 'hello world',
            language: 'en',
            duration: 1.5,
            segments: [
              { id: 0, start: 0, end: 0.7, text: 'hello' },
              { id: 1, start: 0.7, end: 1.5, text: ' world' },
            ],
          }),
        );
        return;
      }
      res.writeHead(404).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  recorded = [];
});

const provider = () => createPolarGrid({ apiKey: 'pg_test_key_12345678', baseURL });

describe('speech on the wire', () => {
  it('sends voice, an explicit format, speed and language; returns audio and metadata', async () => {
    const result = await generateSpeech({
      model: provider().speech('tada-3b-ml'),
      text: 'Bonjour',
      voice: 'default',
      outputFormat: 'wav',
      speed: 1.25,
      language: 'fr',
      instructions: 'cheerful',
    });
    expect(recorded).toHaveLength(1);
    expect(JSON.parse(recorded[0]!.body.toString())).toEqual({
      model: 'tada-3b-ml',
      input: 'Bonjour',
      voice: 'default',
      response_format: 'wav',
      speed: 1.25,
      language: 'fr',
    });
    expect(result.audio.uint8Array).toEqual(new Uint8Array(WAV));
    expect(result.audio.mediaType).toBe('audio/wav');
    expect(result.warnings).toEqual([
      expect.objectContaining({ type: 'unsupported', feature: 'instructions' }),
    ]);
    expect(result.responses[0]).toMatchObject({
      modelId: 'tada-3b-ml',
      timestamp: expect.any(Date),
    });
    expect(result.responses[0]?.headers).toMatchObject({ 'x-request-id': 'req_tts' });
    expect(result.providerMetadata.polargrid).toMatchObject({ requestId: 'req_tts' });
  });

  it('defaults a missing voice to af_bella on kokoro (with a warning) and wav; warns on language', async () => {
    const result = await generateSpeech({
      model: provider().speech('kokoro-82m'),
      text: 'Hello',
      language: 'en',
    });
    expect(JSON.parse(recorded[0]!.body.toString())).toEqual({
      model: 'kokoro-82m',
      input: 'Hello',
      voice: 'af_bella',
      response_format: 'wav',
    });
    expect(result.warnings).toEqual([
      expect.objectContaining({ type: 'compatibility', feature: 'voice' }),
      expect.objectContaining({ type: 'unsupported', feature: 'language' }),
    ]);
  });

  it('falls back from an unsupported format to wav with a warning, maps mpeg to mp3', async () => {
    const model = provider().speech('kokoro-82m');
    const flac = await model.doGenerate({ text: 'Hi', voice: 'am_adam', outputFormat: 'flac' });
    expect(flac.request?.body).toMatchObject({ response_format: 'wav' });
    expect(flac.warnings).toEqual([
      expect.objectContaining({ type: 'unsupported', feature: 'outputFormat' }),
    ]);
    const mpeg = await model.doGenerate({ text: 'Hi', voice: 'am_adam', outputFormat: 'mpeg' });
    expect(mpeg.request?.body).toMatchObject({ response_format: 'mp3' });
    expect(mpeg.warnings).toEqual([]);
  });

  it('rejects a voice kokoro does not have (OpenAI alloy), a bad speed and empty text before any request', async () => {
    const model = provider().speech('kokoro-82m');
    for (const call of [
      { text: 'Hi', voice: 'alloy' },
      { text: 'Hi', voice: 'af_bella', speed: 5 },
      { text: '   ', voice: 'af_bella' },
    ]) {
      await expect(model.doGenerate(call)).rejects.toSatisfy((e) =>
        InvalidArgumentError.isInstance(e),
      );
    }
    expect(recorded).toHaveLength(0);
  });
});

describe('transcription on the wire', () => {
  it('sends only the file in multipart and every option in the query (sync, verbose_json)', async () => {
    const result = await transcribe({
      model: provider().transcription('whisper-large-v3-turbo'),
      audio: new Uint8Array(WAV),
      providerOptions: {
        polargrid: { language: 'EN', prompt: 'greeting', temperature: 0, punctuation: true },
      },
    });
    expect(recorded).toHaveLength(1);
    const request = recorded[0]!;
    expect(Object.fromEntries(request.url.searchParams)).toEqual({
      model: 'whisper-large-v3-turbo',
      sync: 'true',
      response_format: 'verbose_json',
      language: 'en',
      prompt: 'greeting',
      temperature: '0',
      punctuation: 'true',
    });
    const form = await new Response(new Uint8Array(request.body), {
      headers: { 'content-type': String(request.headers['content-type']) },
    }).formData();
    expect([...form.keys()]).toEqual(['file']);
    const file = form.get('file') as File;
    expect(file.name).toBe('audio.wav');
    expect(new Uint8Array(await file.arrayBuffer())).toEqual(new Uint8Array(WAV));

    expect(result.text).toBe('hello world');
    expect(result.segments).toEqual([
      { text: 'hello', startSecond: 0, endSecond: 0.7 },
      { text: ' world', startSecond: 0.7, endSecond: 1.5 },
    ]);
    expect(result.language).toBe('en');
    expect(result.durationInSeconds).toBe(1.5);
    expect(result.responses[0]).toMatchObject({ modelId: 'whisper-large-v3-turbo' });
  });

  it('warns that word timestamps are unavailable and rejects a non-ISO-639-1 language', async () => {
    const model = provider().transcription('whisper-large-v3-turbo');
    const result = await model.doGenerate({
      audio: new Uint8Array(WAV),
      mediaType: 'audio/wav',
      timestampGranularities: ['word'],
    });
    expect(result.warnings).toEqual([
      expect.objectContaining({ type: 'unsupported', feature: 'timestampGranularities' }),
    ]);
    await expect(
      model.doGenerate({
        audio: new Uint8Array(WAV),
        mediaType: 'audio/wav',
        providerOptions: { polargrid: { language: 'english' } },
      }),
    ).rejects.toSatisfy((e) => InvalidArgumentError.isInstance(e));
  });
});
