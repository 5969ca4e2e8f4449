import { afterEach, describe, expect, it, vi } from 'vitest';
import { isPolarGridError, StreamInterruptedError } from '../src/index.js';
import { PolarGrid } from '../src/sdk.js';
import {
  chatChunk,
  chatCompletion,
  json,
  KEY,
  sseChunk,
  startServer,
  type TestServer,
} from './helpers/server.js';

const servers: TestServer[] = [];
async function server(...args: Parameters<typeof startServer>) {
  const s = await startServer(...args);
  servers.push(s);
  return s;
}
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const MESSAGES = [{ role: 'user' as const, content: 'Hi' }];

describe('PolarGrid (official SDK surface)', () => {
  it('create() auto-routes eagerly and logs with the [PolarGrid] prefix', async () => {
    const edge = await server((_q, res) => json(res, 200, chatCompletion('x')));
    const router = await server((_q, res) =>
      json(res, 200, { region: 'yvr-02', name: 'Vancouver', endpoint: edge.url, ttl: 60 }),
    );
    const lines: string[] = [];
    const spy = vi.spyOn(console, 'debug').mockImplementation((line: unknown) => {
      lines.push(String(line));
    });
    try {
      const pg = await PolarGrid.create({ apiKey: KEY, autorouterURL: router.url, debug: true });
      expect(pg.getRegionId()).toBe('yvr-02');
      expect(pg.getRegionName()).toBe('Vancouver');
      expect(router.requests).toHaveLength(1);
      expect(edge.requests).toHaveLength(0);
    } finally {
      spy.mockRestore();
    }
    expect(lines).toContain('[PolarGrid] Auto-routing: selected Vancouver (yvr-02)');
    expect(lines.join('\n')).not.toContain(KEY);
  });

  it('new PolarGrid({ region }) knows its region at once (alias accepted)', () => {
    const pg = new PolarGrid({ apiKey: KEY, region: 'Vancouver' });
    expect(pg.getRegionId()).toBe('yvr-02');
    expect(pg.getRegionName()).toBe('Vancouver');
  });

  it('chatCompletion takes camelCase, sends snake_case, returns camelCase', async () => {
    const edge = await server((_q, res) =>
      json(res, 200, {
        ...chatCompletion(''),
        choices: [
          {
            index: 0,
            message: {
              role: 'assistant',
              content: null,
              tool_calls: [
                {
                  id: 'c1',
                  type: 'function',
                  function: { name: 'f', arguments: '{"city_name":"x"}' },
                },
              ],
            },
            finish_reason: 'tool_calls',
          },
        ],
      }),
    );
    const pg = new PolarGrid({ apiKey: KEY, baseURL: edge.url });
    const res = await pg.chatCompletion({
      model: 'qwen-3.8-27b',
      messages: MESSAGES,
      maxTokens: 0 + 10,
      topP: 0,
      enableThinking: false,
      tools: [
        {
          type: 'function',
          function: {
            name: 'f',
            parameters: { type: 'object', properties: { city_name: { type: 'string' } } },
          },
        },
      ],
    });
    expect(JSON.parse(edge.requests[0]!.body)).toEqual({
      model: 'qwen-3.8-27b',
      messages: MESSAGES,
      max_tokens: 10,
      top_p: 0,
      enable_thinking: false,
      tools: [
        {
          type: 'function',
          function: {
            name: 'f',
            parameters: { type: 'object', properties: { city_name: { type: 'string' } } },
          },
        },
      ],
    });
    expect(res.choices[0]!.finishReason).toBe('tool_calls');
    expect(res.choices[0]!.message.toolCalls?.[0]?.function.arguments).toBe('{"city_name":"x"}');
    expect(res.usage?.totalTokens).toBe(5);
  });

  it('chatCompletionStream yields camelCase chunks', async () => {
    const edge = await server((_q, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('event: pg_metadata\ndata: {"inference_ttft_ms":5}\n\n');
      res.write(sseChunk(chatChunk('Hel')));
      res.write(sseChunk(chatChunk('lo')));
      res.write(sseChunk(chatChunk(undefined, 'stop')));
      res.write(
        sseChunk({
          id: 'x',
          choices: [],
          usage: { prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 },
        }),
      );
      res.end(sseChunk('[DONE]'));
    });
    const pg = new PolarGrid({ apiKey: KEY, baseURL: edge.url });
    const chunks = [];
    for await (const chunk of pg.chatCompletionStream({
      model: 'qwen-3.8-27b',
      messages: MESSAGES,
    }))
      chunks.push(chunk);
    expect(chunks.map((c) => c.choices?.[0]?.delta?.content ?? '').join('')).toBe('Hello');
    expect(chunks[2]!.choices?.[0]?.finishReason).toBe('stop');
    expect(chunks.at(-1)!.usage?.totalTokens).toBe(3);
  });

  it('chatCompletionStream throws StreamInterruptedError after yielding partial output', async () => {
    const edge = await server((_q, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(sseChunk(chatChunk('partial')));
      setTimeout(() => res.destroy(), 20);
    });
    const pg = new PolarGrid({ apiKey: KEY, baseURL: edge.url });
    const got: string[] = [];
    let error: unknown;
    try {
      for await (const chunk of pg.chatCompletionStream({
        model: 'qwen-3.8-27b',
        messages: MESSAGES,
      })) {
        got.push(chunk.choices?.[0]?.delta?.content ?? '');
      }
    } catch (e) {
      error = e;
    }
    expect(got).toEqual(['partial']);
    expect(error).toBeInstanceOf(StreamInterruptedError);
    expect(isPolarGridError(error)).toBe(true);
    expect((error as StreamInterruptedError).partialText).toBe('partial');
  });

  it('chatCompletionStream throws an in-stream error', async () => {
    const edge = await server((_q, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(sseChunk(chatChunk('a')));
      res.end(sseChunk({ error: { message: 'upstream exploded', code: 'upstream_error' } }));
    });
    const pg = new PolarGrid({ apiKey: KEY, baseURL: edge.url });
    const run = async () => {
      for await (const _ of pg.chatCompletionStream({
        model: 'qwen-3.8-27b',
        messages: MESSAGES,
      })) {
        // drain
      }
    };
    await expect(run()).rejects.toMatchObject({ name: 'StreamError', code: 'upstream_error' });
  });

  it('completion and completionStream', async () => {
    const edge = await server((_q, res, body) => {
      if (JSON.parse(body).stream) {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.write(sseChunk({ choices: [{ index: 0, text: 'a', finish_reason: null }] }));
        res.write(sseChunk({ choices: [{ index: 0, text: 'b', finish_reason: 'stop' }] }));
        res.end(sseChunk('[DONE]'));
      } else
        json(res, 200, {
          id: 'c',
          object: 'text_completion',
          created: 1,
          model: 'm',
          choices: [{ index: 0, text: 't', finish_reason: 'length' }],
        });
    });
    const pg = new PolarGrid({ apiKey: KEY, baseURL: edge.url });
    const res = await pg.completion({ model: 'qwen-3.8-27b', prompt: 'p', maxTokens: 5 });
    expect(res.choices[0]!.finishReason).toBe('length');
    expect(JSON.parse(edge.requests[0]!.body)).toEqual({
      model: 'qwen-3.8-27b',
      prompt: 'p',
      max_tokens: 5,
    });
    const texts: string[] = [];
    for await (const c of pg.completionStream({ model: 'qwen-3.8-27b', prompt: 'p' }))
      texts.push(c.choices?.[0]?.text ?? '');
    expect(texts.join('')).toBe('ab');
  });

  it('textToSpeech → ArrayBuffer (mp3 by default), textToSpeechStream → Uint8Array chunks (opus by default)', async () => {
    const edge = await server((_q, res, body) => {
      const stream = JSON.parse(body).stream;
      res.writeHead(200, { 'content-type': stream ? 'audio/ogg' : 'audio/mpeg' });
      if (stream) {
        res.write(Buffer.from([9]));
        res.end(Buffer.from([8, 7]));
      } else res.end(Buffer.from([1, 2, 3]));
    });
    const pg = new PolarGrid({ apiKey: KEY, baseURL: edge.url });
    const clip = await pg.textToSpeech({
      model: 'kokoro-82m',
      input: 'Hi',
      voice: 'af_bella',
      speed: 1.5,
    });
    expect(clip).toBeInstanceOf(ArrayBuffer);
    expect(Array.from(new Uint8Array(clip))).toEqual([1, 2, 3]);
    expect(JSON.parse(edge.requests[0]!.body)).toEqual({
      model: 'kokoro-82m',
      input: 'Hi',
      voice: 'af_bella',
      speed: 1.5,
      response_format: 'mp3',
    });
    const bytes: number[] = [];
    for await (const chunk of pg.textToSpeechStream({
      model: 'kokoro-82m',
      input: 'Hi',
      voice: 'af_bella',
    })) {
      expect(chunk).toBeInstanceOf(Uint8Array);
      bytes.push(...chunk);
    }
    expect(bytes).toEqual([9, 8, 7]);
    expect(JSON.parse(edge.requests[1]!.body)).toMatchObject({
      stream: true,
      response_format: 'opus',
    });
  });

  it('transcribe, transcribeStream, listModels, getModelStatus, health', async () => {
    const edge = await server((req, res) => {
      const url = new URL(req.url ?? '', 'http://x');
      if (url.pathname === '/v1/audio/transcriptions' && url.searchParams.get('stream')) {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.write(sseChunk({ type: 'transcript.text.delta', delta: 'hi' }));
        res.end(sseChunk({ type: 'transcript.text.done', text: 'hi' }));
      } else if (url.pathname === '/v1/audio/transcriptions') {
        json(res, 200, {
          text: 'hi',
          segments: [{ start: 0, end: 1, text: 'hi', avg_logprob: -0.1 }],
        });
      } else if (url.pathname === '/v1/models')
        json(res, 200, { data: [{ id: 'kokoro-82m', pg_model_type: 'tts' }] });
      else if (url.pathname === '/v1/models/status')
        json(res, 200, { loaded: ['kokoro-82m'], loading_status: { 'kokoro-82m': 'loaded' } });
      else json(res, 200, { status: 'healthy', backend: { healthy: true } });
    });
    const pg = new PolarGrid({ apiKey: KEY, baseURL: edge.url });
    const t = await pg.transcribe({
      file: new Blob(['x']),
      model: 'whisper-large-v3-turbo',
      responseFormat: 'verbose_json',
    });
    expect(t.segments?.[0]?.avgLogprob).toBe(-0.1);
    expect(new URL(edge.requests[0]!.url, 'http://x').searchParams.get('response_format')).toBe(
      'verbose_json',
    );
    const events = [];
    for await (const e of pg.transcribeStream({
      file: new Blob(['x']),
      model: 'whisper-large-v3-turbo',
    }))
      events.push(e.type);
    expect(events).toEqual(['transcript.text.delta', 'transcript.text.done']);
    expect((await pg.listModels()).data[0]!.pgModelType).toBe('tts');
    expect((await pg.getModelStatus()).loadingStatus).toEqual({ 'kokoro-82m': 'loaded' });
    expect((await pg.health()).backend?.healthy).toBe(true);
  });

  it('operator-only calls take camelCase (modelName) and need it', async () => {
    const edge = await server((_q, res) =>
      json(res, 200, {
        status: 'success',
        unloaded_models: ['a'],
        errors: [],
        total_unloaded: 1,
        memory: [{ used_gb: 1, total_gb: 2 }],
      }),
    );
    const pg = new PolarGrid({ apiKey: KEY, baseURL: edge.url });
    await pg.loadModel({ modelName: 'qwen-3.8-27b', forceReload: true });
    expect(JSON.parse(edge.requests[0]!.body)).toEqual({
      model_name: 'qwen-3.8-27b',
      force_reload: true,
    });
    expect((await pg.unloadAllModels()).totalUnloaded).toBe(1);
    expect((await pg.getGPUMemory()).memory[0]!.usedGb).toBe(1);
    await expect(pg.unloadModel({ modelName: '' })).rejects.toMatchObject({
      name: 'ValidationError',
    });
  });

  it('getRegionId follows failover', async () => {
    const yul = await server((_q, res) => json(res, 200, chatCompletion('x')));
    const pg = new PolarGrid({
      apiKey: KEY,
      region: 'yto-01',
      edgeURLs: { 'yto-01': 'http://127.0.0.1:1', 'yul-01': yul.url },
      maxRetries: 0,
    });
    expect(pg.getRegionId()).toBe('yto-01');
    await pg.chatCompletion({ model: 'qwen-3.8-27b', messages: MESSAGES });
    expect(pg.getRegionId()).toBe('yul-01');
    expect(pg.getRegionName()).toBe('Montreal');
  });
});
