/**
 * ChatPolarGrid behaviours beyond the standard checks, against the edge emulator: reasoning,
 * pg_metadata, faults, retries, aborts, callbacks, structured-output methods, wire values.
 */
import { BaseCallbackHandler } from '@langchain/core/callbacks/base';
import { getRetryable, ModelAbortError } from '@langchain/core/errors';
import { type AIMessageChunk, HumanMessage, SystemMessage } from '@langchain/core/messages';
import type { ChatGenerationChunk } from '@langchain/core/outputs';
import { startEdgeEmulator } from '@polargrid/edge-emulator';
import { afterEach, describe, expect, test } from 'vitest';
import { z } from 'zod';
import { z as z3 } from 'zod/v3';
import { ChatPolarGrid, type ChatPolarGridInput } from '../chat_models.js';
import { useEmulator } from './emulator.js';
import { currentTimeTool, weatherTool } from './fixtures.js';

const emulator = useEmulator();
const newModel = (extra: Partial<ChatPolarGridInput> = {}) =>
  new ChatPolarGrid({ ...emulator.current.clientOptions(), maxRetries: 0, ...extra });

const chatRequests = () =>
  emulator.current.requests.filter((r) => r.path === '/v1/chat/completions');
const lastBody = () => chatRequests().at(-1)?.body as Record<string, unknown>;

async function collect(stream: AsyncIterable<AIMessageChunk>) {
  const chunks: AIMessageChunk[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  let message = chunks[0]!;
  for (const chunk of chunks.slice(1)) message = message.concat(chunk);
  return { chunks, message };
}

afterEach(() => {
  emulator.current.clearFaults();
});

describe('wire values', () => {
  test('temperature 0 and other zero values are sent; unset ones are not, but the output limit (D5)', async () => {
    await newModel({ temperature: 0, topP: 0, maxTokens: 64, seed: 0 }).invoke('Hello');
    expect(lastBody()).toMatchObject({ temperature: 0, top_p: 0, max_tokens: 64, seed: 0 });
    await newModel().invoke('Hello');
    const body = lastBody();
    expect('temperature' in body).toBe(false);
    // Unset maxTokens: the model's own limit from the catalogue, not the server's 150.
    expect(body.max_tokens).toBe(4096);
  });

  test('streams ask for usage; system stays system; the key only goes to edges', async () => {
    const { chunks } = await collect(
      await newModel().stream([
        ['system', 'Be brief.'],
        ['human', 'Hello'],
      ]),
    );
    // Really streamed (pitfall 14), not one big chunk.
    expect(chunks.length).toBeGreaterThan(2);
    const body = lastBody();
    expect(body).toMatchObject({
      stream: true,
      stream_options: { include_usage: true },
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hello' },
      ],
    });
    const auth = emulator.current.requests
      .filter((r) => r.target === 'autorouter')
      .map((r) => r.headers.authorization);
    expect(auth.length).toBeGreaterThan(0);
    expect(auth.every((a) => a === undefined)).toBe(true);
  });

  test('only documented parameters go on the wire (no max_completion_tokens, no developer role)', async () => {
    // polargrid-api.md §4.1, plus tools/tool_choice (D2), response_format (D3), stream_options (D6).
    const documented = new Set([
      'model',
      'messages',
      'max_tokens',
      'temperature',
      'top_p',
      'top_k',
      'frequency_penalty',
      'presence_penalty',
      'stop',
      'stream',
      'enable_thinking',
      'tools',
      'tool_choice',
      'response_format',
      'stream_options',
    ]);
    const model = newModel({
      temperature: 0,
      maxTokens: 32,
      topP: 0.5,
      topK: 4,
      frequencyPenalty: 0,
      presencePenalty: 0,
      stop: ['END'],
      enableThinking: false,
    });
    const history = [
      new SystemMessage('Be brief.'),
      new HumanMessage("What's the weather in Paris?"),
    ];
    emulator.current.resetRequests();
    await model.bindTools([weatherTool], { tool_choice: 'auto' }).invoke(history);
    await collect(await model.bindTools([weatherTool]).stream(history));
    await model
      .withStructuredOutput(z.object({ city: z.string() }), { method: 'jsonSchema' })
      .invoke(history);
    const bodies = chatRequests().map((r) => r.body as Record<string, unknown>);
    expect(bodies).toHaveLength(3);
    for (const body of bodies) {
      expect(Object.keys(body).filter((key) => !documented.has(key))).toEqual([]);
      const roles = (body.messages as { role: string }[]).map((m) => m.role);
      expect(roles).toEqual(['system', 'user']);
    }
    // Explicit zeros and false are kept; `seed` and `parallel_tool_calls` only when asked for.
    expect(bodies[0]).toMatchObject({
      temperature: 0,
      frequency_penalty: 0,
      enable_thinking: false,
    });
    expect(bodies[1]).toMatchObject({ stream: true, stream_options: { include_usage: true } });
    expect(bodies[2]).toMatchObject({ response_format: { type: 'json_schema' } });
  });

  test('defaultHeaders (alias of headers) and per-call headers reach the edge', async () => {
    await newModel({
      defaultHeaders: { 'x-app': 'a', 'x-both': 'default' },
      headers: { 'x-both': 'h' },
    }).invoke('Hello', { headers: { 'x-call': 'c' } });
    expect(chatRequests().at(-1)?.headers).toMatchObject({
      'x-app': 'a',
      'x-both': 'h',
      'x-call': 'c',
    });
  });

  test('tool_choice "any" goes out as "required", a tool name as a function choice', async () => {
    await newModel().bindTools([weatherTool], { tool_choice: 'any' }).invoke('Weather in Paris?');
    expect(lastBody().tool_choice).toBe('required');
    await newModel()
      .bindTools([weatherTool], { tool_choice: 'get_current_weather' })
      .invoke('Weather in Paris?');
    expect(lastBody().tool_choice).toEqual({
      type: 'function',
      function: { name: 'get_current_weather' },
    });
  });
});

describe('parallel tool calls', () => {
  test('two tools asked for: two calls; parallel_tool_calls false: one, and it goes on the wire', async () => {
    const question = "What's the weather in San Francisco and the current time in New York?";
    const both = await newModel().bindTools([weatherTool, currentTimeTool]).invoke(question);
    expect(both.tool_calls?.map((t) => t.name)).toEqual([
      'get_current_weather',
      'get_current_time',
    ]);
    const single = await newModel()
      .bindTools([weatherTool, currentTimeTool], { parallel_tool_calls: false })
      .invoke(question);
    expect(lastBody().parallel_tool_calls).toBe(false);
    expect(single.tool_calls).toHaveLength(1);
  });
});

describe('tool-call finish', () => {
  test('a server that ends tool calls with "stop" still reports tool_calls (stream and invoke)', async () => {
    const model = newModel({ headers: { 'x-pg-emulator-tool-finish': 'stop' } }).bindTools([
      weatherTool,
    ]);
    const invoked = await model.invoke("What's the weather in Paris?");
    expect(invoked.tool_calls).toHaveLength(1);
    expect(invoked.response_metadata.finish_reason).toBe('tool_calls');
    const { message } = await collect(await model.stream("What's the weather in Paris?"));
    expect(message.tool_calls).toHaveLength(1);
    expect(message.response_metadata.finish_reason).toBe('tool_calls');
  });
});

describe('reasoning (<think> split by the core)', () => {
  test('invoke: reasoning block + text block, enable_thinking on the wire', async () => {
    const message = await newModel({ enableThinking: true }).invoke('Hello');
    expect(lastBody().enable_thinking).toBe(true);
    const blocks = message.contentBlocks;
    expect(blocks.map((b) => b.type)).toEqual(['reasoning', 'text']);
    expect(message.text).not.toContain('<think>');
    expect(message.text).not.toBe('');
    expect(String(message.additional_kwargs.reasoning_content)).not.toBe('');
  });

  test('stream: reasoning and text stay apart across chunks, no tags leak', async () => {
    // The emulator splits the tags across chunks for some conversations (`<thi` | `nk>`, …) and
    // not for others; several prompts cover both.
    const prompts = ['Hello', 'Is 17 prime?', 'Tell me about Toronto', 'Why is the sky blue?'];
    for (const prompt of prompts) {
      const { chunks, message } = await collect(
        await newModel({ enableThinking: true }).stream(prompt),
      );
      expect(chunks.length).toBeGreaterThan(3);
      const reasoning = message.contentBlocks.find((b) => b.type === 'reasoning');
      expect(reasoning && 'reasoning' in reasoning ? reasoning.reasoning : '').not.toBe('');
      expect(message.text).not.toBe('');
      expect(JSON.stringify(message.content)).not.toMatch(/<\/?thi|nk>/);
      // Streamed reasoning equals the non-streamed one for the same request.
      const invoked = await newModel({ enableThinking: true }).invoke(prompt);
      expect(message.additional_kwargs.reasoning_content).toBe(
        invoked.additional_kwargs.reasoning_content,
      );
      expect(message.text).toBe(invoked.text);
    }
  });

  test('native events: reasoning-delta events and stream.reasoning', async () => {
    const stream = newModel({ enableThinking: true }).streamEvents('Hello');
    expect(await stream.reasoning).not.toBe('');
    const message = await stream;
    expect(message.text).not.toBe('');
  });

  test('reasoningMode "strip" drops reasoning but keeps the answer', async () => {
    const message = await newModel({ enableThinking: true, reasoningMode: 'strip' }).invoke(
      'Hello',
    );
    expect(typeof message.content).toBe('string');
    expect(message.text).not.toBe('');
    expect(message.additional_kwargs.reasoning_content).toBeUndefined();
  });
});

describe('response metadata', () => {
  test('pg_metadata timings land in response_metadata.server_timings (event and data framing)', async () => {
    for (const framing of ['event', 'data', 'event;before-done']) {
      const { message } = await collect(
        await newModel({ headers: { 'x-pg-emulator-metadata': framing } }).stream('Hello'),
      );
      expect(message.response_metadata.server_timings).toMatchObject({
        inference_ttft_ms: expect.any(Number),
        inference_total_ms: expect.any(Number),
      });
      expect(message.text).not.toContain('pg_metadata');
    }
    const { message } = await collect(
      await newModel({ headers: { 'x-pg-emulator-metadata': 'none' } }).stream('Hello'),
    );
    expect(message.response_metadata.server_timings).toBeUndefined();
  });

  test('usage, model, region and request id on invoke and on the last chunk', async () => {
    const invoked = await newModel().invoke('Hello');
    expect(invoked.usage_metadata?.total_tokens).toBeGreaterThan(0);
    expect(invoked.response_metadata).toMatchObject({
      model_provider: 'polargrid',
      model_name: 'qwen-3.8-27b',
      model: 'qwen-3.8-27b',
      finish_reason: 'stop',
      region: expect.any(String),
      request_id: expect.any(String),
    });
    const { chunks } = await collect(await newModel().stream('Hello'));
    const last = chunks.at(-1)!;
    expect(last.usage_metadata?.total_tokens).toBeGreaterThan(0);
    expect(last.response_metadata.finish_reason).toBe('stop');
    expect(chunks.slice(0, -1).every((c) => c.usage_metadata === undefined)).toBe(true);
  });

  test('streamUsage false (instance or call) leaves usage out', async () => {
    const { message } = await collect(await newModel({ streamUsage: false }).stream('Hello'));
    expect(message.usage_metadata).toBeUndefined();
    const perCall = await collect(await newModel().stream('Hello', { streamUsage: false }));
    expect(perCall.message.usage_metadata).toBeUndefined();
  });

  test('streaming: true aggregates the stream for invoke', async () => {
    const message = await newModel({ streaming: true }).invoke('Hello');
    expect(lastBody().stream).toBe(true);
    expect(message.text).not.toBe('');
    expect(message.usage_metadata?.total_tokens).toBeGreaterThan(0);
  });
});

describe('disableStreaming', () => {
  test('stream(), invoke with streaming: true and LangGraph-style streaming callbacks never open a stream', async () => {
    const model = newModel({ disableStreaming: true, streaming: true });
    emulator.current.resetRequests();
    const { chunks, message } = await collect(await model.stream('Hello'));
    expect(chunks).toHaveLength(1);
    expect(message.text).not.toBe('');
    await model.invoke('Hello');
    const preferStreaming = BaseCallbackHandler.fromMethods({});
    Object.assign(preferStreaming, { lc_prefer_streaming: true });
    await model.invoke('Hello', { callbacks: [preferStreaming] });
    const bodies = chatRequests().map((r) => (r.body as { stream?: unknown }).stream);
    expect(bodies).toHaveLength(3);
    expect(bodies.every((stream) => stream !== true)).toBe(true);
  });
});

describe('disableStreaming, native events', () => {
  test('model.streamEvents(input) makes one plain request and still gives text, tool call and usage', async () => {
    const model = newModel({ disableStreaming: true });
    emulator.current.resetRequests();
    const stream = model.streamEvents("What's the weather in Paris?", { tools: [weatherTool] });
    expect(await stream.toolCalls).toMatchObject([
      { name: 'get_current_weather', args: { location: 'Paris' } },
    ]);
    const message = await stream;
    expect(message.usage_metadata?.total_tokens).toBeGreaterThan(0);
    expect(message.response_metadata).toMatchObject({ model_provider: 'polargrid' });
    const text = await model.streamEvents('Hello').text;
    expect(text).not.toBe('');
    const bodies = chatRequests().map((r) => (r.body as { stream?: unknown }).stream);
    expect(bodies).toHaveLength(2);
    expect(bodies.every((stream) => stream !== true)).toBe(true);
  });
});

describe('message ids', () => {
  test('each response gets its own id, even for identical requests without callbacks', async () => {
    const model = newModel();
    const first = await model.invoke('Say hello');
    const second = await model.invoke('Say hello');
    expect(first.id).toMatch(/^run-/);
    expect(second.id).toMatch(/^run-/);
    expect(first.id).not.toBe(second.id);

    const a = await collect(await model.stream('Say hello'));
    const b = await collect(await model.stream('Say hello'));
    expect(new Set(a.chunks.map((c) => c.id)).size).toBe(1);
    expect(a.message.id).toMatch(/^run-/);
    expect(a.message.id).not.toBe(b.message.id);
  });
});

describe('callbacks', () => {
  test('handleLLMNewToken gets {chunk} for every chunk, tool-call chunks included', async () => {
    const seen: { token: string; chunk: ChatGenerationChunk | undefined }[] = [];
    const handler = BaseCallbackHandler.fromMethods({
      handleLLMNewToken(token, _idx, _runId, _parent, _tags, fields) {
        seen.push({ token, chunk: fields?.chunk as ChatGenerationChunk | undefined });
      },
    });
    const { chunks } = await collect(
      await newModel()
        .bindTools([weatherTool])
        .stream("What's the weather in Paris?", { callbacks: [handler] }),
    );
    expect(seen).toHaveLength(chunks.length);
    expect(seen.every((s) => s.chunk !== undefined)).toBe(true);
    const toolTokens = seen.filter(
      (s) => ((s.chunk?.message as AIMessageChunk | undefined)?.tool_call_chunks ?? []).length > 0,
    );
    expect(toolTokens.length).toBeGreaterThan(0);
    expect(toolTokens.every((s) => s.token === '')).toBe(true);
  });
});

describe('faults, retries and aborts', () => {
  test('a mid-stream error: the partial chunks arrive, then a typed error', async () => {
    const model = newModel({
      maxRetries: 2,
      headers: { 'x-pg-emulator-fault': 'stream-error;afterChunks=3' },
    });
    emulator.current.resetRequests();
    const received: AIMessageChunk[] = [];
    let error: unknown;
    try {
      for await (const chunk of await model.stream('Hello')) received.push(chunk);
    } catch (e) {
      error = e;
    }
    expect(received.length).toBeGreaterThan(0);
    expect(error).toMatchObject({ name: 'StreamError' });
    // Never retried: a stream that delivered output is not replayed.
    expect(chatRequests().filter((r) => r.headers['x-pg-emulator-fault']).length).toBe(1);
  });

  test('a mid-stream error fails invoke too, never returning partial output as success', async () => {
    const model = newModel({
      streaming: true,
      headers: { 'x-pg-emulator-fault': 'stream-error;afterChunks=3' },
    });
    await expect(model.invoke('Hello')).rejects.toMatchObject({ name: 'StreamError' });
  });

  test('a stream cut short keeps its chunks; finish_reason says "interrupted"', async () => {
    const { chunks, message } = await collect(
      await newModel({ headers: { 'x-pg-emulator-fault': 'no-finish' } }).stream('Hello'),
    );
    expect(chunks.length).toBeGreaterThan(1);
    expect(message.text).not.toBe('');
    expect(message.response_metadata.finish_reason).toBe('interrupted');
  });

  test('per-call maxRetries is honoured (attempts counted on the emulator)', async () => {
    emulator.current.inject({ kind: 'server-error', status: 500 });
    const model = newModel({ maxRetries: 3 });
    emulator.current.resetRequests();
    await expect(model.invoke('Hello', { maxRetries: 0 })).rejects.toMatchObject({ status: 500 });
    expect(chatRequests()).toHaveLength(1);
    emulator.current.resetRequests();
    await expect(model.invoke('Hello', { maxRetries: 1 })).rejects.toMatchObject({ status: 500 });
    expect(chatRequests()).toHaveLength(2);
  });

  test('a 503 is retried by LangChain, the 400 that follows is not (one layer of retries)', async () => {
    // One explicit edge (`baseURL`): the core's failover to another region cannot take the 503.
    const edge = emulator.current.edgeURLs['yto-01'];
    // maxRetries 0: one request; the core does not retry underneath LangChain.
    emulator.current.inject({ kind: 'server-error', status: 503, times: 1 });
    emulator.current.resetRequests();
    await expect(newModel({ maxRetries: 0, baseURL: edge }).invoke('Hello')).rejects.toMatchObject({
      status: 503,
    });
    expect(chatRequests()).toHaveLength(1);
    // maxRetries 5: the 503 is retried, the 400 that follows ends the call.
    emulator.current.inject({ kind: 'server-error', status: 503, times: 1 });
    emulator.current.inject({ kind: 'server-error', status: 400, times: 1 });
    emulator.current.resetRequests();
    const error = await newModel({ maxRetries: 5, baseURL: edge })
      .invoke('Hello')
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 400 });
    // One request per LangChain attempt: the core's own retries are off (never nested), and
    // the 400 ends the call although four retries were left.
    expect(chatRequests().map((r) => r.target)).toEqual(['yto-01', 'yto-01']);
  });

  test('a 429 with Retry-After is retried after the hint and then succeeds', async () => {
    emulator.current.inject({ kind: 'rate-limit', times: 1, retryAfter: 1 });
    emulator.current.resetRequests();
    const message = await newModel({ maxRetries: 2 }).invoke('Hello');
    expect(message.text).not.toBe('');
    expect(chatRequests()).toHaveLength(2);
  });

  test('a 429 whose Retry-After is over 60 s fails at once despite retries left', async () => {
    emulator.current.inject({ kind: 'rate-limit', retryAfter: 120 });
    emulator.current.resetRequests();
    const error = await newModel({ maxRetries: 3, baseURL: emulator.current.edgeURLs['yto-01'] })
      .invoke('Hello')
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 429, lc_error_code: 'MODEL_RATE_LIMIT' });
    // LangChain's rate-limit classification sees our `status` and `headers` and does not wait.
    expect(getRetryable(error)).toBe(true);
    expect(chatRequests()).toHaveLength(1);
  });

  test('a 429 error carries status, headers and MODEL_RATE_LIMIT', async () => {
    emulator.current.inject({ kind: 'rate-limit', retryAfter: 120 });
    const error = await newModel({ maxRetries: 0 })
      .invoke('Hello')
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      status: 429,
      lc_error_code: 'MODEL_RATE_LIMIT',
      headers: expect.objectContaining({ 'retry-after': '120' }),
    });
  });

  test('a bad key: MODEL_AUTHENTICATION, one attempt, no key in the message', async () => {
    const key = 'pg_bad';
    emulator.current.resetRequests();
    const error = await newModel({ apiKey: key, maxRetries: 3 })
      .invoke('Hello')
      .catch((e: unknown) => e as Error);
    expect(error).toMatchObject({ status: 401, lc_error_code: 'MODEL_AUTHENTICATION' });
    expect((error as Error).message).not.toContain(key);
    expect(chatRequests()).toHaveLength(1);
  });

  test('an unknown model: MODEL_NOT_FOUND', async () => {
    const error = await newModel({ model: 'no-such-model' })
      .invoke('Hello')
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 404, lc_error_code: 'MODEL_NOT_FOUND' });
  });

  test('timeout is in milliseconds: a slow edge fails with a TimeoutError', async () => {
    const slow = newModel({ timeout: 150, headers: { 'x-pg-emulator-timing': 'ttft=3000;tps=0' } });
    const error = await slow.invoke('Hello').catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'TimeoutError' });
    // LangChain's per-call `timeout` is in milliseconds too, and cancels the request.
    const perCall = await newModel({ headers: { 'x-pg-emulator-timing': 'ttft=3000;tps=0' } })
      .invoke('Hello', { timeout: 150 })
      .catch((e: unknown) => e);
    expect(perCall).toBeInstanceOf(Error);
    expect((perCall as Error).name).toMatch(/Timeout|Abort/);
    // The same edge within a generous timeout answers.
    const patient = newModel({
      timeout: 10_000,
      headers: { 'x-pg-emulator-timing': 'ttft=200;tps=0' },
    });
    expect((await patient.invoke('Hello')).text).not.toBe('');
  });

  test('aborting mid-stream closes the stream and throws', async () => {
    const controller = new AbortController();
    const received: AIMessageChunk[] = [];
    const slow = await startEdgeEmulator({ timing: { ttftMs: 0, tokensPerSecond: 200 } });
    try {
      const model = new ChatPolarGrid({ ...slow.clientOptions(), maxRetries: 0 });
      let error: unknown;
      try {
        for await (const chunk of await model.stream('Hello', { signal: controller.signal })) {
          received.push(chunk);
          if (received.length === 2) controller.abort();
        }
      } catch (e) {
        error = e;
      }
      expect(received).toHaveLength(2);
      expect(error).toBeInstanceOf(Error);
      expect((error as Error).name).toMatch(/Abort/);
    } finally {
      await slow.close();
    }
  });
});

describe('abort on every path', () => {
  // A handler that asks for streaming, as LangGraph's `streamMode: "messages"` does: `invoke`
  // then runs `_streamResponseChunks` and must end an abort with `ModelAbortError{partialOutput}`.
  class PreferStreaming extends BaseCallbackHandler {
    name = 'prefer-streaming';
    lc_prefer_streaming = true;
    tokens = 0;
    constructor(private readonly onToken: (count: number) => void) {
      super();
    }
    override handleLLMNewToken() {
      this.tokens++;
      this.onToken(this.tokens);
    }
  }

  test('invoke driven by streaming (LangGraph messages mode): ModelAbortError with the partial output', async () => {
    const slow = await startEdgeEmulator({ timing: { ttftMs: 0, tokensPerSecond: 50 } });
    try {
      const model = new ChatPolarGrid({ ...slow.clientOptions(), maxRetries: 0 });
      const controller = new AbortController();
      const handler = new PreferStreaming((n) => {
        if (n === 3) controller.abort();
      });
      const error = await model
        .invoke('Hello', { signal: controller.signal, callbacks: [handler] })
        .catch((e: unknown) => e);
      expect(ModelAbortError.isInstance(error)).toBe(true);
      const partial = (error as ModelAbortError).partialOutput as AIMessageChunk | undefined;
      expect(partial?.text).not.toBe('');
      expect(slow.requests.filter((r) => r.path === '/v1/chat/completions')).toHaveLength(1);
    } finally {
      await slow.close();
    }
  });

  test('streaming: true invoke aborted mid-stream rejects and returns no partial answer', async () => {
    const slow = await startEdgeEmulator({ timing: { ttftMs: 0, tokensPerSecond: 50 } });
    try {
      const model = new ChatPolarGrid({ ...slow.clientOptions(), maxRetries: 0, streaming: true });
      const controller = new AbortController();
      const handler = BaseCallbackHandler.fromMethods({
        handleLLMNewToken() {
          controller.abort();
        },
      });
      const error = await model
        .invoke('Hello', { signal: controller.signal, callbacks: [handler] })
        .catch((e: unknown) => e);
      expect((error as Error).name).toMatch(/Abort/);
    } finally {
      await slow.close();
    }
  });
});

describe('structured output methods', () => {
  const Person = z.object({ name: z.string(), age: z.number().int() });

  test('functionCalling (default) with zod v4, forced by tool_choice', async () => {
    const result = await newModel()
      .withStructuredOutput(Person, { name: 'person' })
      .invoke('Ada is 36 years old.');
    expect(Person.safeParse(result).success).toBe(true);
    expect(lastBody().tool_choice).toEqual({ type: 'function', function: { name: 'person' } });
  });

  test('functionCalling with zod v3 and with plain JSON schema', async () => {
    const v3 = z3.object({ city: z3.string() });
    const r3 = await newModel()
      .withStructuredOutput(v3, { name: 'place' })
      .invoke('I live in Paris.');
    expect(typeof r3.city).toBe('string');
    const json = await newModel()
      .withStructuredOutput({
        title: 'place',
        type: 'object',
        properties: { city: { type: 'string' } },
        required: ['city'],
      })
      .invoke('I live in Paris.');
    expect(typeof json.city).toBe('string');
    expect(lastBody().tool_choice).toEqual({ type: 'function', function: { name: 'place' } });
  });

  test('jsonSchema sends response_format json_schema and parses the content', async () => {
    const result = await newModel()
      .withStructuredOutput(Person, { method: 'jsonSchema', name: 'person' })
      .invoke('Ada is 36 years old.');
    expect(Person.safeParse(result).success).toBe(true);
    expect(lastBody().response_format).toMatchObject({
      type: 'json_schema',
      json_schema: { name: 'person', schema: { type: 'object' } },
    });
    expect(lastBody().tools).toBeUndefined();
  });

  test('jsonMode sends json_object; includeRaw returns raw and parsed', async () => {
    // JSON mode constrains the output to JSON only; the emulator answers `{"answer": …}`.
    const Answer = z.object({ answer: z.string() });
    const result = await newModel()
      .withStructuredOutput(Answer, { method: 'jsonMode', includeRaw: true })
      .invoke('Answer in JSON with an "answer" field: what is PolarGrid?');
    expect(lastBody().response_format).toEqual({ type: 'json_object' });
    expect(result.raw.getType()).toBe('ai');
    expect(Answer.safeParse(result.parsed).success).toBe(true);
  });
});
