/**
 * One `describe` per pitfall of the reference's §8 ("user complaints about OpenAI-compatible
 * providers"), driven through the real `ai@7` functions against a loopback replay edge that
 * serves exactly the malformed or unusual wire data each complaint was about. Pitfalls that need
 * the edge-runtime sandbox (14: no `process`) are in `pitfalls.test.ts`, which runs in both.
 */
import { InvalidArgumentError, InvalidResponseDataError } from '@ai-sdk/provider';
import { APICallError, type ModelMessage } from 'ai';
import {
  embedMany,
  generateText,
  jsonSchema,
  Output,
  RetryError,
  stepCountIs,
  streamText,
  type TextStreamPart,
  type ToolSet,
  tool,
} from 'ai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod/v4';
import { isUrlSupported } from '@ai-sdk/provider-utils';
import { VISION_SUPPORTED_URLS } from '../src/chat/polargrid-chat-language-model.js';
import { prepareChatRequest } from '../src/chat/prepare-chat-request.js';
import { createPolarGrid, type PolarGridProviderSettings } from '../src/index.js';
import { collect } from './helpers.js';
import { chunk, completion, type ReplayServer, sse, startReplayServer } from './replay-server.js';

let edge: ReplayServer;
beforeAll(async () => {
  edge = await startReplayServer();
});
afterAll(() => edge.close());

const KEY = 'pg_pitfall_key_12345678';
const provider = (settings: PolarGridProviderSettings = {}) =>
  createPolarGrid({ apiKey: KEY, baseURL: edge.baseURL, ...settings });
const model = () => provider()('qwen-3.8-27b');

const tools = {
  weather: tool({
    inputSchema: jsonSchema<{ city: string }>({
      type: 'object',
      properties: { city: { type: 'string' } },
    }),
  }),
  time: tool({
    inputSchema: jsonSchema<{ zone: string }>({
      type: 'object',
      properties: { zone: { type: 'string' } },
    }),
  }),
} satisfies ToolSet;

type Part = TextStreamPart<typeof tools>;

async function stream(body: string, extra: Partial<Parameters<typeof streamText>[0]> = {}) {
  edge.script({ body });
  const result = streamText({
    model: model(),
    prompt: 'replay',
    tools,
    maxRetries: 0,
    onError: () => {},
    ...extra,
  } as Parameters<typeof streamText>[0]);
  const parts = (await collect(result.fullStream)) as Part[];
  return { result, parts };
}

const toolCalls = (parts: Part[]) =>
  parts.flatMap((p) =>
    p.type === 'tool-call' ? [{ id: p.toolCallId, name: p.toolName, input: p.input }] : [],
  );
const errors = (parts: Part[]) => parts.flatMap((p) => (p.type === 'error' ? [p.error] : []));

const usageChunk = (usage: Record<string, unknown>) => ({
  id: 'chatcmpl-replay',
  object: 'chat.completion.chunk',
  created: 1,
  model: 'm',
  choices: [],
  usage,
});

describe('pitfall 1: stream usage is missing, NaN or 0', () => {
  it('asks for include_usage on every stream and reports the counts', async () => {
    const { result } = await stream(
      sse([
        chunk({ content: 'Hi' }),
        chunk({}, 'stop'),
        usageChunk({ prompt_tokens: 7, completion_tokens: 2, total_tokens: 9 }),
      ]),
    );
    expect(edge.requests[0]?.json).toMatchObject({
      stream: true,
      stream_options: { include_usage: true },
    });
    const usage = await result.usage;
    expect(usage).toMatchObject({ inputTokens: 7, outputTokens: 2, totalTokens: 9 });
  });

  it('leaves usage undefined (not 0 or NaN) when the server sends none', async () => {
    const { result } = await stream(sse([chunk({ content: 'Hi' }), chunk({}, 'stop')]));
    const usage = await result.usage;
    expect(usage.inputTokens).toBeUndefined();
    expect(usage.outputTokens).toBeUndefined();
  });
});

describe('pitfall 2: a usage-only final chunk without `choices`', () => {
  it('keeps the usage and the finish reason, with no validation error', async () => {
    const { result, parts } = await stream(
      sse([
        chunk({ content: 'Hello' }),
        chunk({}, 'stop'),
        {
          id: 'chatcmpl-replay',
          object: 'chat.completion.chunk',
          created: 1,
          model: 'm',
          usage: { prompt_tokens: 9, completion_tokens: 4, total_tokens: 13 },
        },
      ]),
    );
    expect(errors(parts)).toEqual([]);
    expect(await result.finishReason).toBe('stop');
    expect((await result.usage).inputTokens).toBe(9);
  });
});

describe('the chunk schema accepts what PolarGrid and proxies interleave (reference §9 C)', () => {
  it('pg_metadata (named and bare), unknown objects, comments and pings are no errors', async () => {
    const body = [
      ': keep-alive\n\n',
      'event: ping\ndata: {}\n\n',
      sse([chunk({ content: 'Hel' })], { done: false }),
      'data: {"object":"something.new","detail":{"x":1}}\n\n',
      sse([chunk({ content: 'lo' }), chunk({}, 'stop')], { done: false }),
      'event: pg_metadata\ndata: {"inference_ttft_ms":12,"inference_total_ms":40}\n\n',
      'data: {"pg_metadata":{"inference_ttft_ms":13,"inference_total_ms":41}}\n\n',
      'data: [DONE]\n\n',
    ].join('');
    const { result, parts } = await stream(body);
    expect(errors(parts)).toEqual([]);
    expect(await result.text).toBe('Hello');
    expect(await result.finishReason).toBe('stop');
    // The bare form came last, so its values are the ones kept.
    expect((await result.providerMetadata)?.polargrid?.serverTimings).toEqual({
      inferenceTtftMs: 13,
      inferenceTotalMs: 41,
    });
  });
});

describe('pitfall 3: incomplete usage mapping (raw, cache and reasoning tokens)', () => {
  const wireUsage = {
    prompt_tokens: 100,
    completion_tokens: 40,
    total_tokens: 140,
    prompt_tokens_details: { cached_tokens: 30 },
    completion_tokens_details: { reasoning_tokens: 25 },
  };
  const expected = {
    inputTokens: 100,
    inputTokenDetails: { noCacheTokens: 70, cacheReadTokens: 30 },
    outputTokens: 40,
    outputTokenDetails: { textTokens: 15, reasoningTokens: 25 },
    raw: wireUsage,
  };

  it('maps cached and reasoning tokens and keeps raw, streamed', async () => {
    const { result } = await stream(
      sse([chunk({ content: 'Hi' }), chunk({}, 'stop'), usageChunk(wireUsage)]),
    );
    expect(await result.usage).toMatchObject(expected);
  });

  it('maps cached and reasoning tokens and keeps raw, generated', async () => {
    edge.script({ body: completion({ content: 'Hi' }, 'stop', wireUsage) });
    const result = await generateText({ model: model(), prompt: 'replay', maxRetries: 0 });
    expect(result.usage).toMatchObject(expected);
  });
});

describe('pitfall 4: malformed tool-call deltas', () => {
  const call = (fragment: Record<string, unknown>) => chunk({ tool_calls: [fragment] });

  it('no `index`, a numeric `id`', async () => {
    const { result, parts } = await stream(
      sse([
        call({ id: 7, type: 'function', function: { name: 'weather', arguments: '{"city":' } }),
        call({ function: { arguments: '"Oslo"}' } }),
        chunk({}, 'tool_calls'),
      ]),
    );
    expect(errors(parts)).toEqual([]);
    const calls = toolCalls(parts);
    expect(calls).toEqual([{ id: expect.any(String), name: 'weather', input: { city: 'Oslo' } }]);
    expect(calls[0]?.id).not.toBe('');
    expect(await result.finishReason).toBe('tool-calls');
  });

  it('a missing `id`', async () => {
    const { parts } = await stream(
      sse([
        call({ index: 0, function: { name: 'weather', arguments: '{"city":"Oslo"}' } }),
        chunk({}, 'tool_calls'),
      ]),
    );
    const calls = toolCalls(parts);
    expect(calls).toEqual([{ id: expect.any(String), name: 'weather', input: { city: 'Oslo' } }]);
    expect(calls[0]?.id.length).toBeGreaterThan(0);
  });

  it('a late `function.name` (arguments arrive first)', async () => {
    const { parts } = await stream(
      sse([
        call({ index: 0, id: 'call_late', function: { arguments: '{"city":' } }),
        call({ index: 0, function: { name: 'weather', arguments: '"Oslo"}' } }),
        chunk({}, 'tool_calls'),
      ]),
    );
    expect(errors(parts)).toEqual([]);
    expect(toolCalls(parts)).toEqual([
      { id: 'call_late', name: 'weather', input: { city: 'Oslo' } },
    ]);
  });

  it('a blank name repeated in later fragments does not erase the name', async () => {
    const { parts } = await stream(
      sse([
        call({ index: 0, id: 'call_1', function: { name: 'weather', arguments: '' } }),
        call({ index: 0, id: '', function: { name: '', arguments: '{"city":"Oslo"}' } }),
        chunk({}, 'tool_calls'),
      ]),
    );
    expect(toolCalls(parts)).toEqual([{ id: 'call_1', name: 'weather', input: { city: 'Oslo' } }]);
  });

  it('no `arguments` at all means an empty object', async () => {
    const { parts } = await stream(
      sse([
        call({ index: 0, id: 'call_1', type: 'function', function: { name: 'weather' } }),
        chunk({}, 'tool_calls'),
      ]),
    );
    expect(toolCalls(parts)).toEqual([{ id: 'call_1', name: 'weather', input: {} }]);
  });
});

describe('pitfall 5: tool lifecycle and ids', () => {
  const lifecycle = (parts: Part[]) => {
    const starts = parts.flatMap((p) => (p.type === 'tool-input-start' ? [p.id] : []));
    const ends = parts.flatMap((p) => (p.type === 'tool-input-end' ? [p.id] : []));
    return { starts, ends };
  };

  it('every tool-input-start gets a tool-input-end before its tool-call', async () => {
    const { parts } = await stream(
      sse([
        chunk({ content: 'Checking.' }),
        chunk({
          tool_calls: [
            { index: 0, id: 'call_a', function: { name: 'weather', arguments: '{"city":"Oslo"}' } },
          ],
        }),
        chunk({
          tool_calls: [
            { index: 1, id: 'call_b', function: { name: 'time', arguments: '{"zone":"CET"}' } },
          ],
        }),
        chunk({}, 'tool_calls'),
      ]),
    );
    const { starts, ends } = lifecycle(parts);
    expect(starts).toEqual(['call_a', 'call_b']);
    expect([...ends].sort()).toEqual(['call_a', 'call_b']);
    for (const id of starts) {
      const end = parts.findIndex((p) => p.type === 'tool-input-end' && p.id === id);
      const call = parts.findIndex((p) => p.type === 'tool-call' && p.toolCallId === id);
      expect(end).toBeGreaterThan(-1);
      expect(call).toBeGreaterThan(end);
    }
  });

  it('parallel calls sharing one id, or with empty ids, get distinct ids', async () => {
    for (const ids of [
      ['call_same', 'call_same'],
      ['', ''],
    ]) {
      const { parts } = await stream(
        sse([
          chunk({
            tool_calls: [
              { index: 0, id: ids[0], function: { name: 'weather', arguments: '{"city":"Oslo"}' } },
              { index: 1, id: ids[1], function: { name: 'time', arguments: '{"zone":"CET"}' } },
            ],
          }),
          chunk({}, 'tool_calls'),
        ]),
      );
      const calls = toolCalls(parts);
      expect(calls.map((c) => c.name)).toEqual(['weather', 'time']);
      expect(new Set(calls.map((c) => c.id)).size).toBe(2);
      for (const c of calls) expect(c.id).not.toBe('');
      const { starts, ends } = lifecycle(parts);
      expect(new Set(starts)).toEqual(new Set(calls.map((c) => c.id)));
      expect(new Set(ends)).toEqual(new Set(starts));
    }
  });

  it('generated parallel calls with a shared id get distinct ids too', async () => {
    edge.script({
      body: completion(
        {
          content: null,
          tool_calls: [
            {
              id: 'dup',
              type: 'function',
              function: { name: 'weather', arguments: '{"city":"Oslo"}' },
            },
            {
              id: 'dup',
              type: 'function',
              function: { name: 'time', arguments: '{"zone":"CET"}' },
            },
          ],
        },
        'tool_calls',
      ),
    });
    const result = await generateText({ model: model(), prompt: 'replay', tools, maxRetries: 0 });
    expect(result.toolCalls.map((c) => c.toolName)).toEqual(['weather', 'time']);
    expect(new Set(result.toolCalls.map((c) => c.toolCallId)).size).toBe(2);
  });
});

describe('pitfall 6: wrong finish reason when tools are called', () => {
  for (const raw of ['stop', null, 'eos_token']) {
    it(`streamed calls with finish_reason ${JSON.stringify(raw)} finish as tool-calls`, async () => {
      const { result } = await stream(
        sse([
          chunk({
            tool_calls: [
              { index: 0, id: 'c1', function: { name: 'weather', arguments: '{"city":"Oslo"}' } },
            ],
          }),
          chunk({}, raw),
        ]),
      );
      expect(await result.finishReason).toBe('tool-calls');
    });
  }

  it('an agent loop continues after a step whose raw reason was "stop"', async () => {
    edge.script(
      {
        body: completion(
          {
            content: null,
            tool_calls: [
              {
                id: 'c1',
                type: 'function',
                function: { name: 'weather', arguments: '{"city":"Oslo"}' },
              },
            ],
          },
          'stop',
        ),
      },
      { body: completion({ content: 'It is sunny.' }, 'stop') },
    );
    const result = await generateText({
      model: model(),
      prompt: 'replay',
      maxRetries: 0,
      stopWhen: stepCountIs(3),
      tools: {
        weather: tool({
          inputSchema: z.object({ city: z.string() }),
          execute: async () => 'sunny',
        }),
      },
    });
    expect(result.steps.map((s) => s.finishReason)).toEqual(['tool-calls', 'stop']);
    expect(result.text).toBe('It is sunny.');
  });
});

describe('pitfall 7: reasoning not extracted', () => {
  for (const field of ['reasoning_content', 'reasoning']) {
    it(`streams \`${field}\` deltas as reasoning parts before the text`, async () => {
      const { result, parts } = await stream(
        sse([
          chunk({ [field]: 'Think ' }),
          chunk({ [field]: 'hard.' }),
          chunk({ content: 'Answer.' }),
          chunk({}, 'stop'),
        ]),
      );
      expect(await result.reasoningText).toBe('Think hard.');
      expect(await result.text).toBe('Answer.');
      const types = parts.map((p) => p.type);
      expect(types.indexOf('reasoning-end')).toBeLessThan(types.indexOf('text-start'));
    });

    it(`returns \`${field}\` as a reasoning part when generated`, async () => {
      edge.script({ body: completion({ content: 'Answer.', [field]: 'Think.' }, 'stop') });
      const result = await generateText({ model: model(), prompt: 'replay', maxRetries: 0 });
      expect(result.reasoningText).toBe('Think.');
      expect(result.content.map((c) => c.type)).toEqual(['reasoning', 'text']);
    });
  }

  it('splits a <think> tag cut across chunks', async () => {
    const { result } = await stream(
      sse([
        chunk({ content: '<thi' }),
        chunk({ content: 'nk>deep</th' }),
        chunk({ content: 'ink>Answer.' }),
        chunk({}, 'stop'),
      ]),
    );
    expect(await result.reasoningText).toBe('deep');
    expect(await result.text).toBe('Answer.');
  });
});

describe('pitfall 8: reasoning round-trip', () => {
  const history: ModelMessage[] = [
    { role: 'user', content: 'Weather?' },
    {
      role: 'assistant',
      content: [
        { type: 'reasoning', text: 'Need the tool.' },
        { type: 'tool-call', toolCallId: 'c1', toolName: 'weather', input: { city: 'Oslo' } },
      ],
    },
    {
      role: 'tool',
      content: [
        {
          type: 'tool-result',
          toolCallId: 'c1',
          toolName: 'weather',
          output: { type: 'text', value: 'sunny' },
        },
      ],
    },
  ];
  const assistantSent = async (reasoningEcho?: string, chat = model()) => {
    edge.script({ body: completion({ content: 'ok' }, 'stop') });
    await generateText({
      model: chat,
      messages: history,
      tools,
      maxRetries: 0,
      providerOptions: reasoningEcho ? { polargrid: { reasoningEcho } } : undefined,
    });
    const body = edge.requests[0]?.json as { messages: Array<Record<string, unknown>> };
    return body.messages.find((m) => m.role === 'assistant');
  };

  it('strips earlier reasoning by default (no reasoning_content field PolarGrid does not document)', async () => {
    const sent = await assistantSent();
    expect(sent).not.toHaveProperty('reasoning_content');
    expect(sent?.content).toBeNull();
  });

  it('echoes it as reasoning_content when asked', async () => {
    expect(await assistantSent('reasoning-content')).toMatchObject({
      reasoning_content: 'Need the tool.',
    });
  });

  it('a per-model policy applies to every call; a per-call option still wins', async () => {
    const chat = provider()('qwen-3.8-27b', { reasoningEcho: 'reasoning-content' });
    expect(await assistantSent(undefined, chat)).toMatchObject({
      reasoning_content: 'Need the tool.',
    });
    expect(await assistantSent('omit', chat)).not.toHaveProperty('reasoning_content');
    const tags = await assistantSent(
      undefined,
      provider().chat('x', { reasoningEcho: 'think-tags' }),
    );
    expect(tags?.content).toBe('<think>Need the tool.</think>');
  });

  it('always sends reasoning_content, empty when there was none, for models that require it', async () => {
    edge.script({ body: completion({ content: 'ok' }, 'stop') });
    await generateText({
      model: model(),
      messages: [
        { role: 'user', content: 'Hi' },
        { role: 'assistant', content: 'Hello.' },
        { role: 'user', content: 'Again' },
      ],
      maxRetries: 0,
      providerOptions: { polargrid: { reasoningEcho: 'reasoning-content-always' } },
    });
    const body = edge.requests[0]?.json as { messages: Array<Record<string, unknown>> };
    expect(body.messages[1]).toEqual({
      role: 'assistant',
      content: 'Hello.',
      reasoning_content: '',
    });
  });
});

describe('pitfall 9: structured output silently downgraded to json_object', () => {
  const schema = z.object({ city: z.string() });

  it('sends json_schema for Output.object, never json_object', async () => {
    edge.script({ body: completion({ content: '{"city":"Oslo"}' }, 'stop') });
    const result = await generateText({
      model: model(),
      prompt: 'replay',
      output: Output.object({ schema }),
      maxRetries: 0,
    });
    expect(result.output).toEqual({ city: 'Oslo' });
    const format = (edge.requests[0]?.json as { response_format?: unknown } | undefined)
      ?.response_format;
    expect(format).toMatchObject({
      type: 'json_schema',
      json_schema: { name: 'response', strict: true, schema: { type: 'object' } },
    });
  });

  it('keeps json_schema even for a model not known to honour it, and says so', async () => {
    // The only catalogued models without structured output are retired (issue 14): the body is
    // built (schema kept, warning given), then the core refuses the model before the network.
    const jsonSchema = {
      type: 'object' as const,
      properties: { city: { type: 'string' as const } },
    };
    const { body, warnings } = await prepareChatRequest('qwen-3.5-9b', {
      prompt: [{ role: 'user', content: [{ type: 'text', text: 'replay' }] }],
      responseFormat: { type: 'json', schema: jsonSchema },
    });
    expect(body.response_format).toMatchObject({ type: 'json_schema' });
    expect(warnings).toEqual([
      expect.objectContaining({ type: 'compatibility', feature: 'responseFormat' }),
    ]);
    const before = edge.requests.length;
    const error = await generateText({
      model: provider()('qwen-3.5-9b'),
      prompt: 'replay',
      output: Output.object({ schema }),
      maxRetries: 0,
    }).catch((e: unknown) => e);
    expect(InvalidArgumentError.isInstance(error)).toBe(true);
    expect((error as InvalidArgumentError).argument).toBe('model');
    expect((error as Error).message).toMatch(/retired on 2026-08-20.*qwen-3\.8-27b/);
    expect(edge.requests.length).toBe(before);
  });
});

describe('pitfall 10: errors lose information', () => {
  it('a mid-stream error keeps message, code and type', async () => {
    const { result, parts } = await stream(
      sse(
        [
          chunk({ content: 'Hi' }),
          { error: { message: 'Edge overloaded', type: 'server_error', code: 'overloaded' } },
        ],
        { done: false },
      ),
    );
    expect(errors(parts)).toEqual([
      expect.objectContaining({
        name: 'AI_StreamProviderError',
        message: expect.stringContaining('Edge overloaded'),
        code: 'overloaded',
        type: 'server_error',
      }),
    ]);
    expect(await result.finishReason).toBe('error');
  });

  it('`code: null` in a mid-stream error is still a provider error, not a validation error', async () => {
    const { parts } = await stream(
      sse([{ error: { message: 'Upstream timed out', type: null, code: null } }], { done: false }),
    );
    const [error] = errors(parts);
    expect(error).toMatchObject({
      name: 'AI_StreamProviderError',
      message: expect.stringContaining('Upstream timed out'),
    });
    expect((error as Error).name).not.toBe('AI_TypeValidationError');
  });

  it('a 200 JSON body carrying an error is an APICallError, never a success', async () => {
    const pg = provider();
    const calls = [
      () => generateText({ model: pg('qwen-3.8-27b'), prompt: 'replay', maxRetries: 0 }),
      () => generateText({ model: pg.completion('qwen-3.8-27b'), prompt: 'replay', maxRetries: 0 }),
      () => embedMany({ model: pg.embedding('pg-embed-v1'), values: ['a'], maxRetries: 0 }),
    ];
    for (const call of calls) {
      edge.script({
        body: JSON.stringify({
          error: { message: 'Model crashed', type: 'server_error', code: 'internal' },
        }),
      });
      const error = await call().catch((e: unknown) => e);
      expect(APICallError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({
        statusCode: 200,
        message: expect.stringContaining('Model crashed'),
        data: { code: 'internal', type: 'server_error', requestId: 'req_replay' },
      });
    }
  });

  it('a 200 JSON body without choices is invalid response data, not an empty answer', async () => {
    edge.script({ body: JSON.stringify({ id: 'x', object: 'chat.completion' }) });
    const error = await generateText({ model: model(), prompt: 'replay', maxRetries: 0 }).catch(
      (e: unknown) => e,
    );
    expect(InvalidResponseDataError.isInstance(error)).toBe(true);
  });

  it('an HTTP error body of any documented shape keeps its message', async () => {
    for (const [body, text] of [
      [{ error: { message: 'Bad max_tokens', type: 'invalid_request_error' } }, 'Bad max_tokens'],
      [{ detail: 'Model not found here' }, 'Model not found here'],
      [{ detail: [{ msg: 'field required', loc: ['body', 'model'] }] }, 'field required'],
    ] as const) {
      edge.script({ status: 400, body: JSON.stringify(body) });
      const error = await generateText({ model: model(), prompt: 'replay', maxRetries: 0 }).catch(
        (e: unknown) => e,
      );
      expect(APICallError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({ statusCode: 400, isRetryable: false });
      expect((error as APICallError).message).toContain(text);
    }
  });
});

describe('refusals (reference §9 C: content order reasoning, text, refusal, tool calls)', () => {
  it('a generated refusal is returned as text and finishes as content-filter', async () => {
    edge.script({
      body: completion({ content: null, refusal: 'I cannot help with that.' }, 'stop'),
    });
    const result = await generateText({ model: model(), prompt: 'replay', maxRetries: 0 });
    expect(result.text).toBe('I cannot help with that.');
    expect(result.finishReason).toBe('content-filter');
    expect(result.rawFinishReason).toBe('stop');
  });
});

describe('pitfall 11: truncated streams', () => {
  it('a body that ends without a finish reason finishes as interrupted with the partial text', async () => {
    const { result, parts } = await stream(
      sse([chunk({ content: 'The glacier' })], { done: false }),
    );
    expect(errors(parts)).toEqual([]);
    expect(await result.finishReason).toBe('interrupted');
    expect(await result.text).toBe('The glacier');
    expect((await result.providerMetadata)?.polargrid?.interruption).toMatchObject({
      cause: 'eof',
    });
  });

  it('a socket cut mid-stream is interrupted too, never `TypeError: terminated`', async () => {
    edge.script({
      body: sse([chunk({ content: 'The glacier' })], { done: false }),
      end: 'destroy',
    });
    const result = streamText({ model: model(), prompt: 'replay', maxRetries: 0 });
    const parts = await collect(result.fullStream);
    expect(parts.filter((p) => p.type === 'error')).toEqual([]);
    expect(await result.finishReason).toBe('interrupted');
    expect(await result.text).toBe('The glacier');
    // Said in the metadata, so a caller can tell a broken connection from a short body.
    expect((await result.providerMetadata)?.polargrid?.interruption).toMatchObject({
      cause: 'network',
    });
  });
});

describe('pitfall 12: abort problems', () => {
  it('a pre-aborted signal rejects a stream at once (no request, no hang)', async () => {
    edge.script({ body: sse([chunk({ content: 'x' }), chunk({}, 'stop')]) });
    const controller = new AbortController();
    controller.abort();
    const result = streamText({
      model: model(),
      prompt: 'replay',
      abortSignal: controller.signal,
      maxRetries: 0,
    });
    const types = (await collect(result.fullStream)).map((p) => p.type);
    expect(types).toContain('abort');
    expect(types).not.toContain('finish');
    expect(edge.requests).toHaveLength(0);
  });

  it('a pre-aborted signal rejects generateText with an AbortError and sends nothing', async () => {
    const controller = new AbortController();
    controller.abort();
    edge.script({ body: completion({ content: 'x' }, 'stop') });
    await expect(
      generateText({ model: model(), prompt: 'replay', abortSignal: controller.signal }),
    ).rejects.toMatchObject({ name: 'AbortError' });
    expect(edge.requests).toHaveLength(0);
  });

  it('cancelling the part stream mid-stream closes the connection and does not hang', async () => {
    // Two chunks, then the edge goes quiet without ending the response.
    edge.script({
      body: sse([chunk({ content: 'Hel' }), chunk({ content: 'lo' })], { done: false }),
      end: 'stall',
    });
    const { stream: parts } = await model().doStream({
      prompt: [{ role: 'user', content: [{ type: 'text', text: 'replay' }] }],
    });
    const reader = parts.getReader();
    const seen: string[] = [];
    while (!seen.includes('text-delta')) seen.push((await reader.read()).value?.type ?? 'done');
    await reader.cancel();
    // The edge sees the hang-up (the test times out otherwise).
    await edge.hangUps[0];
    expect(seen).toContain('text-delta');
  });
});

describe('pitfall 13: retry problems', () => {
  it('a 429 is retried once its retry-after passed, and the headers reach ai', async () => {
    edge.script(
      {
        status: 429,
        headers: { 'retry-after': '0' },
        body: JSON.stringify({ error: { message: 'Slow down', code: 'rate_limit_exceeded' } }),
      },
      { body: completion({ content: 'ok' }, 'stop') },
    );
    const result = await generateText({ model: model(), prompt: 'replay', maxRetries: 1 });
    expect(result.text).toBe('ok');
    expect(edge.requests).toHaveLength(2);
  });

  it('`code: null` in an error body keeps a 429 retryable (never a validation error)', async () => {
    edge.script({
      status: 429,
      body: JSON.stringify({ error: { message: 'Too many', type: null, code: null } }),
    });
    const error = await generateText({ model: model(), prompt: 'replay', maxRetries: 0 }).catch(
      (e: unknown) => e,
    );
    expect(APICallError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ statusCode: 429, isRetryable: true });
    expect((error as Error).message).toContain('Too many');
  });

  it('a 400 is not retried; a 503 is, until maxRetries', async () => {
    edge.script({ status: 400, body: JSON.stringify({ error: { message: 'bad' } }) });
    await generateText({ model: model(), prompt: 'replay', maxRetries: 2 }).catch(() => {});
    expect(edge.requests).toHaveLength(1);

    edge.script({
      status: 503,
      headers: { 'retry-after': '0' },
      body: JSON.stringify({ error: { message: 'busy' } }),
    });
    const error = await generateText({ model: model(), prompt: 'replay', maxRetries: 1 }).catch(
      (e: unknown) => e,
    );
    expect(RetryError.isInstance(error)).toBe(true);
    expect(edge.requests).toHaveLength(2);
  });
});

describe('pitfall 14: runtime and configuration friction', () => {
  it('per-call headers, a custom fetch and a per-request key are all honoured', async () => {
    const seen: string[] = [];
    let n = 0;
    const pg = provider({
      apiKey: () => `pg_dynamic_key_${++n}_abcdef`,
      headers: { 'x-team': 'settings', 'x-shared': 'settings' },
      fetch: (input, init) => {
        seen.push(String(input instanceof Request ? input.url : input));
        return fetch(input, init);
      },
    });
    edge.script({ body: completion({ content: 'ok' }, 'stop') });
    for (let i = 0; i < 2; i++) {
      await generateText({
        model: pg('qwen-3.8-27b'),
        prompt: 'replay',
        headers: { 'x-shared': 'call', 'x-call': String(i) },
        maxRetries: 0,
      });
    }
    expect(seen).toHaveLength(2);
    expect(seen[0]).toBe(`${edge.baseURL}/v1/chat/completions`);
    const [first, second] = edge.requests;
    expect(first?.headers).toMatchObject({
      authorization: 'Bearer pg_dynamic_key_1_abcdef',
      'x-team': 'settings',
      'x-shared': 'call',
      'x-call': '0',
    });
    expect(second?.headers.authorization).toBe('Bearer pg_dynamic_key_2_abcdef');
  });

  it('an Authorization header in settings or per call is refused, never silently replaced', async () => {
    edge.script({ body: completion({ content: 'ok' }, 'stop') });
    const perCall = await generateText({
      model: model(),
      prompt: 'replay',
      maxRetries: 0,
      headers: { Authorization: 'Bearer pg_someone_elses_key' },
    }).catch((e: unknown) => e);
    const inSettings = await generateText({
      model: provider({ headers: () => ({ authorization: 'Bearer pg_someone_elses_key' }) })(
        'qwen-3.8-27b',
      ),
      prompt: 'replay',
      maxRetries: 0,
    }).catch((e: unknown) => e);
    for (const error of [perCall, inSettings]) {
      expect(InvalidArgumentError.isInstance(error)).toBe(true);
      expect((error as Error).message).toMatch(/apiKey/);
      expect((error as Error).message).not.toContain('pg_someone_elses_key');
    }
    expect(edge.requests).toHaveLength(0);
  });

  it('query parameters from the settings reach every edge request', async () => {
    edge.script({ body: completion({ content: 'ok' }, 'stop') });
    await generateText({
      model: provider({ queryParams: { 'api-version': '2026-01', tenant: 'a b' } })('qwen-3.8-27b'),
      prompt: 'replay',
      maxRetries: 0,
    });
    const url = edge.requests[0]?.url;
    expect(url?.pathname).toBe('/v1/chat/completions');
    expect(Object.fromEntries(url?.searchParams ?? [])).toEqual({
      'api-version': '2026-01',
      tenant: 'a b',
    });
  });

  it('extra body fields are sent as given', async () => {
    edge.script({ body: completion({ content: 'ok' }, 'stop') });
    await generateText({
      model: model(),
      prompt: 'replay',
      maxRetries: 0,
      providerOptions: { polargrid: { extraBody: { repetition_penalty: 1.1 } } },
    });
    expect(edge.requests[0]?.json).toMatchObject({ repetition_penalty: 1.1 });
  });
});

describe('pitfall 15: metadata and capability accuracy', () => {
  it('exposes the raw response body and the request body of a generate call', async () => {
    edge.script({ body: completion({ content: 'ok' }, 'stop') });
    const result = await generateText({
      model: model(),
      prompt: 'replay',
      maxRetries: 0,
      temperature: 0,
      include: { requestBody: true, responseBody: true },
    });
    expect(result.response.body).toMatchObject({
      id: 'chatcmpl-replay',
      choices: [{ message: { content: 'ok' } }],
    });
    expect(result.request.body).toMatchObject({ model: 'qwen-3.8-27b', temperature: 0 });
    expect(result.response.headers).toMatchObject({ 'x-request-id': 'req_replay' });
    expect(result.providerMetadata?.polargrid).toMatchObject({ requestId: 'req_replay' });
  });

  it('exposes the request body and PolarGrid metadata of a stream', async () => {
    const { result } = await stream(sse([chunk({ content: 'ok' }), chunk({}, 'stop')]), {
      include: { requestBody: true },
    });
    expect((await result.request).body).toMatchObject({ model: 'qwen-3.8-27b', stream: true });
    expect((await result.providerMetadata)?.polargrid).toMatchObject({
      requestId: 'req_replay',
      region: 'custom',
    });
  });

  it('supportedUrls passes image URLs (with query strings) only for vision models', async () => {
    const pg = provider();
    // qwen-3.8-27b has no vision in the catalogue: ai must not pass any URL through.
    expect(await pg('qwen-3.8-27b').supportedUrls).toEqual({});
    // Ids without capability data get their images downloaded by ai and sent inline.
    expect(await pg('some-future-model').supportedUrls).toEqual({});
    expect(await pg.completion('qwen-3.8-27b').supportedUrls).toEqual({});
    // What a vision model would declare, checked with the matcher ai itself uses.
    const supported = (url: string, mediaType = 'image/png') =>
      isUrlSupported({ mediaType, url, supportedUrls: VISION_SUPPORTED_URLS });
    expect(supported('https://cdn.example.com/a.png?X-Amz-Signature=AbC&x=1#frag')).toBe(true);
    expect(supported('http://example.com/photo')).toBe(true);
    expect(supported('https://cdn.example.com/a.pdf', 'application/pdf')).toBe(false);
    expect(supported('ftp://example.com/a.png')).toBe(false);
    expect(supported('data:image/png;base64,AAAA')).toBe(false);
  });

  it('embedMany is split by maxEmbeddingsPerCall and keeps the order', async () => {
    const vector = (i: number) => [i, i + 0.5];
    // The replay edge answers every chunk with embeddings built from the inputs it was sent.
    edge.script({ body: '{}' });
    const pg = provider({
      fetch: async (input, init) => {
        const sent = JSON.parse(String(init?.body)) as { input: string[] };
        await fetch(input, init);
        return new Response(
          JSON.stringify({
            object: 'list',
            model: 'pg-embed-v1',
            data: sent.input
              .map((text, index) => ({
                object: 'embedding',
                index,
                embedding: vector(Number(text)),
              }))
              .reverse(),
            usage: { prompt_tokens: sent.input.length, total_tokens: sent.input.length },
          }),
          { headers: { 'content-type': 'application/json' } },
        );
      },
    });
    const values = Array.from({ length: 7 }, (_, i) => String(i));
    const result = await embedMany({
      model: pg.embedding('pg-embed-v1', { maxEmbeddingsPerCall: 3 }),
      values,
      maxParallelCalls: 1,
    });
    expect(edge.requests.map((r) => (r.json as { input: string[] }).input)).toEqual([
      ['0', '1', '2'],
      ['3', '4', '5'],
      ['6'],
    ]);
    expect(result.embeddings).toEqual(values.map((v) => vector(Number(v))));
    expect(result.usage.tokens).toBe(7);
  });
});
