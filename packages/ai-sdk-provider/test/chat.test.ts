import {
  APICallError,
  generateText,
  InvalidArgumentError,
  Output,
  stepCountIs,
  streamText,
  tool,
} from 'ai';
import { describe, expect, it } from 'vitest';
import { z } from 'zod/v4';
import { collect, emulatorProvider, fault } from './helpers.js';

const pg = emulatorProvider();
const model = pg('qwen-3.8-27b');

const weather = tool({
  description: 'Get the current weather for a city',
  inputSchema: z.object({ city: z.string() }),
  execute: async ({ city }) => ({ city, temperatureC: 21, sky: 'sunny' }),
});

describe('generateText', () => {
  it('returns text, usage, finish reason, response and PolarGrid metadata', async () => {
    const result = await generateText({
      model,
      prompt: 'Tell me about glaciers.',
      maxOutputTokens: 60,
    });
    expect(result.text.length).toBeGreaterThan(0);
    expect(result.finishReason).toMatch(/^(stop|length)$/);
    expect(result.usage.inputTokens).toBeGreaterThan(0);
    expect(result.usage.outputTokens).toBeGreaterThan(0);
    expect(result.response.modelId).toBe('qwen-3.8-27b');
    expect(result.response.id).toMatch(/\S/);
    expect(result.providerMetadata?.polargrid).toMatchObject({
      region: 'yto-01',
      regionName: 'Toronto',
      routeSource: 'autorouter',
      attempts: 1,
      requestId: expect.any(String),
    });
    expect(result.warnings).toEqual([]);
  });

  it('rejects out-of-range settings before any request, without retrying', async () => {
    const error = await generateText({ model, prompt: 'Hi', temperature: 3 }).catch(
      (e: unknown) => e,
    );
    expect(InvalidArgumentError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ argument: 'temperature' });
  });

  it('puts reasoning before text when thinking is enabled', async () => {
    const result = await generateText({
      model,
      prompt: 'Why is the sky blue?',
      providerOptions: { polargrid: { enableThinking: true } },
    });
    expect(result.reasoningText?.length).toBeGreaterThan(0);
    expect(result.text).not.toContain('<think>');
    expect(result.content[0]?.type).toBe('reasoning');
    expect(result.content.at(-1)?.type).toBe('text');
  });

  it('runs a multi-step tool loop to a final answer', async () => {
    const result = await generateText({
      model,
      tools: { weather },
      stopWhen: stepCountIs(3),
      prompt: 'What is the weather in Oslo?',
    });
    const first = result.steps[0]!;
    expect(first.finishReason).toBe('tool-calls');
    expect(first.toolCalls).toEqual([
      expect.objectContaining({ toolName: 'weather', input: { city: expect.any(String) } }),
    ]);
    expect(first.toolResults[0]).toMatchObject({ output: { temperatureC: 21 } });
    expect(result.steps.length).toBeGreaterThanOrEqual(2);
    expect(result.finishReason).toBe('stop');
    expect(result.text.length).toBeGreaterThan(0);
  });

  it('reports tool-calls even when the server says finish_reason "stop"', async () => {
    const result = await generateText({
      model,
      tools: {
        weather: tool({ description: weather.description, inputSchema: weather.inputSchema }),
      },
      toolChoice: 'required',
      prompt: 'Weather in Oslo?',
      headers: { 'x-pg-emulator-tool-finish': 'stop' },
    });
    expect(result.finishReason).toBe('tool-calls');
    expect(result.rawFinishReason).toBe('stop');
    expect(result.toolCalls).toHaveLength(1);
  });

  it('produces a typed object with Output.object (json_schema on the wire)', async () => {
    const schema = z.object({ name: z.string(), population: z.number(), coastal: z.boolean() });
    const result = await generateText({
      model,
      output: Output.object({ schema }),
      prompt: 'Describe a city.',
      include: { requestBody: true },
    });
    expect(schema.safeParse(result.output).success).toBe(true);
    expect(result.request.body).toMatchObject({
      response_format: { type: 'json_schema', json_schema: { strict: true } },
    });
  });
});

describe('streamText', () => {
  it('emits the full part sequence with usage and metadata', async () => {
    const result = streamText({ model, prompt: 'Tell me about glaciers.', maxOutputTokens: 40 });
    const parts = await collect(result.fullStream);
    const types = parts.map((p) => p.type);
    const compact = types.filter((t, i) => t !== types[i - 1]);
    expect(compact).toEqual([
      'start',
      'start-step',
      'text-start',
      'text-delta',
      'text-end',
      'finish-step',
      'finish',
    ]);
    const finish = parts.at(-1);
    expect(finish).toMatchObject({
      type: 'finish',
      finishReason: expect.stringMatching(/stop|length/),
    });
    const usage = await result.usage;
    expect(usage.inputTokens).toBeGreaterThan(0);
    expect(usage.outputTokens).toBeGreaterThan(0);
    expect((await result.providerMetadata)?.polargrid).toMatchObject({
      region: 'yto-01',
      serverTimings: { inferenceTtftMs: expect.any(Number), inferenceTotalMs: expect.any(Number) },
    });
    expect((await result.response).modelId).toBe('qwen-3.8-27b');
  });

  it('streams reasoning parts before text with enableThinking', async () => {
    const result = streamText({
      model,
      prompt: 'Why is the sky blue?',
      providerOptions: { polargrid: { enableThinking: true } },
    });
    const types = (await collect(result.fullStream)).map((p) => p.type);
    const compact = types.filter((t, i) => t !== types[i - 1]);
    expect(compact).toEqual([
      'start',
      'start-step',
      'reasoning-start',
      'reasoning-delta',
      'reasoning-end',
      'text-start',
      'text-delta',
      'text-end',
      'finish-step',
      'finish',
    ]);
    expect((await result.reasoningText)?.length).toBeGreaterThan(0);
  });

  it('streams tool input deltas, then the call, then tool-calls', async () => {
    const result = streamText({
      model,
      tools: {
        weather: tool({ description: weather.description, inputSchema: weather.inputSchema }),
      },
      toolChoice: 'required',
      prompt: 'Weather in Oslo?',
    });
    const parts = await collect(result.fullStream);
    const types = parts.map((p) => p.type).filter((t, i, a) => t !== a[i - 1]);
    expect(types).toEqual([
      'start',
      'start-step',
      'tool-input-start',
      'tool-input-delta',
      'tool-input-end',
      'tool-call',
      'finish-step',
      'finish',
    ]);
    const start = parts.find((p) => p.type === 'tool-input-start');
    const call = parts.find((p) => p.type === 'tool-call');
    expect(call).toMatchObject({ toolName: 'weather', input: { city: expect.any(String) } });
    expect(
      start && 'id' in start && call && 'toolCallId' in call && start.id === call.toolCallId,
    ).toBe(true);
    expect(await result.finishReason).toBe('tool-calls');
  });

  it('runs a streamed multi-step tool loop', async () => {
    const result = streamText({
      model,
      tools: { weather },
      stopWhen: stepCountIs(3),
      prompt: 'What is the weather in Oslo?',
    });
    await result.consumeStream();
    const steps = await result.steps;
    expect(steps[0]?.finishReason).toBe('tool-calls');
    expect(steps.length).toBeGreaterThanOrEqual(2);
    expect((await result.text).length).toBeGreaterThan(0);
  });

  it('turns an in-stream error into an error part carrying code and type', async () => {
    const result = streamText({
      model,
      prompt: 'Tell me about glaciers.',
      headers: fault(
        'stream-error;afterChunks=2;code=overloaded;type=server_error;message=Edge overloaded',
      ),
      onError: () => {},
    });
    const parts = await collect(result.fullStream);
    const error = parts.find((p) => p.type === 'error');
    expect(error).toBeDefined();
    // ai turns our createProviderStreamError payload into a StreamProviderError.
    const payload = (error as { error: Record<string, unknown> }).error;
    expect(payload).toMatchObject({
      name: 'AI_StreamProviderError',
      message: expect.stringContaining('Edge overloaded'),
      code: 'overloaded',
      type: 'server_error',
    });
    expect(parts.some((p) => p.type === 'text-delta')).toBe(true);
    expect(await result.finishReason).toBe('error');
  });

  it('finishes a stream cut short as interrupted, keeping the partial text and no error', async () => {
    const result = streamText({
      model,
      prompt: 'Tell me about glaciers.',
      headers: fault('no-finish;afterChunks=3'),
    });
    const parts = await collect(result.fullStream);
    expect(parts.some((p) => p.type === 'error')).toBe(false);
    expect(await result.finishReason).toBe('interrupted');
    expect((await result.text).length).toBeGreaterThan(0);
  });

  it('finishes as interrupted when the connection is reset mid-stream', async () => {
    const result = streamText({
      model,
      prompt: 'Tell me about glaciers.',
      headers: fault('reset-mid-stream;afterChunks=3'),
    });
    const parts = await collect(result.fullStream);
    expect(parts.some((p) => p.type === 'error')).toBe(false);
    expect(await result.finishReason).toBe('interrupted');
    expect((await result.text).length).toBeGreaterThan(0);
  });

  it('reads pg_metadata framed as a bare data line too', async () => {
    const result = streamText({
      model,
      prompt: 'Hi',
      maxOutputTokens: 10,
      headers: { 'x-pg-emulator-metadata': 'data' },
    });
    const parts = await collect(result.fullStream);
    expect(parts.some((p) => p.type === 'error')).toBe(false);
    expect((await result.providerMetadata)?.polargrid).toMatchObject({
      serverTimings: { inferenceTtftMs: expect.any(Number) },
    });
  });

  it('emits raw chunks with includeRawChunks', async () => {
    const result = streamText({ model, prompt: 'Hi', includeRawChunks: true, maxOutputTokens: 10 });
    const raws = (await collect(result.fullStream)).filter((p) => p.type === 'raw');
    expect(raws.length).toBeGreaterThan(1);
    expect(raws[0]).toMatchObject({ rawValue: { object: 'chat.completion.chunk' } });
  });

  it('rejects at once with an abort error when the signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(
      generateText({ model, prompt: 'Hi', abortSignal: controller.signal }),
    ).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('surfaces an abort as an abort, not as an error or a normal finish', async () => {
    const controller = new AbortController();
    const result = streamText({
      model,
      prompt: 'Tell me about glaciers.',
      abortSignal: controller.signal,
      headers: fault('stall;afterChunks=2;ms=5000'),
    });
    const types: string[] = [];
    for await (const part of result.fullStream) {
      types.push(part.type);
      if (part.type === 'text-delta') controller.abort();
    }
    expect(types).toContain('abort');
    expect(types).not.toContain('finish');
  });
});

describe('errors from the edge', () => {
  const fail = (spec: string) =>
    generateText({ model, prompt: 'Hi', maxRetries: 0, headers: fault(spec) }).catch(
      (e: unknown) => e,
    );

  it('a CloudFront 403 is a non-retryable APICallError that says it was the CDN', async () => {
    const error = await fail('cloudfront-403');
    expect(APICallError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      statusCode: 403,
      isRetryable: false,
      data: { code: 'blocked_by_cdn' },
      message: expect.stringMatching(/CDN|CloudFront/),
    });
  });

  it('a 402 billing error is not retryable; a 500 is', async () => {
    expect(await fail('billing')).toMatchObject({ statusCode: 402, isRetryable: false });
    expect(await fail('server-error;status=500')).toMatchObject({
      statusCode: 500,
      isRetryable: true,
    });
  });
});
