import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeText } from '../src/audio/tone-codec.js';
import { parseWav } from '../src/audio/wav.js';
import { type EdgeEmulator, startEdgeEmulator } from '../src/index.js';

// The official OpenAI client, unmodified, pointed at an emulated edge.
let emulator: EdgeEmulator;
let openai: OpenAI;
let tts: OpenAI;
beforeAll(async () => {
  emulator = await startEdgeEmulator();
  openai = new OpenAI({
    apiKey: emulator.apiKey,
    baseURL: `${emulator.edgeURLs['yto-01']}/v1`,
    maxRetries: 0,
  });
  tts = new OpenAI({
    apiKey: emulator.apiKey,
    baseURL: `${emulator.edgeURLs['yvr-02']}/v1`,
    maxRetries: 0,
  });
});
afterAll(() => emulator.close());

describe('openai npm client against the emulator', () => {
  it('chat', async () => {
    const completion = await openai.chat.completions.create({
      model: 'qwen-3.8-27b',
      messages: [{ role: 'user', content: 'What is an edge region?' }],
      max_tokens: 60,
    });
    expect(completion.choices[0]?.message.content).toContain('What is an edge region?');
    expect(completion.usage?.total_tokens).toBeGreaterThan(0);
  });

  it('stream with usage', async () => {
    const stream = await openai.chat.completions.create({
      model: 'qwen-3.8-27b',
      messages: [{ role: 'user', content: 'Describe auroras' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    let finish: string | null | undefined;
    let usage: OpenAI.CompletionUsage | null | undefined;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      finish ??= chunk.choices[0]?.finish_reason;
      usage ??= chunk.usage;
    }
    expect(text).toContain('auroras');
    expect(finish).toBe('stop');
    expect(usage?.completion_tokens).toBeGreaterThan(5);
  });

  it('tools, with the runner-free loop', async () => {
    const tools: OpenAI.ChatCompletionTool[] = [
      {
        type: 'function',
        function: {
          name: 'get_weather',
          description: 'Get the weather for a city',
          parameters: {
            type: 'object',
            properties: { city: { type: 'string' } },
            required: ['city'],
          },
        },
      },
    ];
    const messages: OpenAI.ChatCompletionMessageParam[] = [
      { role: 'user', content: 'What is the weather in Reykjavik?' },
    ];
    const first = await openai.chat.completions.create({ model: 'qwen-3.8-27b', messages, tools });
    const call = first.choices[0]?.message.tool_calls?.[0];
    expect(first.choices[0]?.finish_reason).toBe('tool_calls');
    if (call?.type !== 'function') throw new Error('expected a function call');
    expect(JSON.parse(call.function.arguments)).toEqual({ city: 'Reykjavik' });
    messages.push(first.choices[0]?.message as OpenAI.ChatCompletionMessageParam);
    messages.push({ role: 'tool', tool_call_id: call.id, content: '-2°C, snow' });
    const second = await openai.chat.completions.create({ model: 'qwen-3.8-27b', messages, tools });
    expect(second.choices[0]?.message.content).toContain('-2°C, snow');

    const streamed = await openai.chat.completions.create({
      model: 'qwen-3.8-27b',
      messages: messages.slice(0, 1),
      tools,
      stream: true,
    });
    let args = '';
    let name = '';
    for await (const chunk of streamed) {
      const fragment = chunk.choices[0]?.delta.tool_calls?.[0];
      name += fragment?.function?.name ?? '';
      args += fragment?.function?.arguments ?? '';
    }
    expect(name).toBe('get_weather');
    expect(JSON.parse(args)).toEqual({ city: 'Reykjavik' });
  });

  it('embeddings (the client asks for base64 and decodes it)', async () => {
    const res = await openai.embeddings.create({
      model: 'pg-embed-v1',
      input: ['alpha beta', 'gamma'],
    });
    expect(res.data).toHaveLength(2);
    expect(res.data[0]?.embedding).toHaveLength(384);
    const norm = Math.hypot(...(res.data[0]?.embedding ?? []));
    expect(norm).toBeCloseTo(1, 5);
    const floats = await openai.embeddings.create({
      model: 'pg-embed-v1',
      input: 'alpha beta',
      encoding_format: 'float',
      dimensions: 16,
    });
    expect(floats.data[0]?.embedding).toHaveLength(16);
  });

  it('speech', async () => {
    const res = await tts.audio.speech.create({
      model: 'kokoro-82m',
      voice: 'bm_george',
      input: 'Spoken by the emulator.',
      response_format: 'wav',
    });
    const bytes = Buffer.from(await res.arrayBuffer());
    const wav = parseWav(bytes);
    expect(wav?.sampleRate).toBe(24_000);
    expect(decodeText(wav?.data ?? Buffer.alloc(0))?.text).toBe('Spoken by the emulator.');
  });

  it('maps emulator errors to the client’s typed errors', async () => {
    const err = await openai.chat.completions
      .create(
        { model: 'qwen-3.8-27b', messages: [{ role: 'user', content: 'hi' }] },
        { headers: { 'x-pg-emulator-fault': 'rate-limit;retryAfter=3' } },
      )
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.RateLimitError);
    expect((err as InstanceType<typeof OpenAI.RateLimitError>).headers.get('retry-after')).toBe(
      '3',
    );
  });
});
