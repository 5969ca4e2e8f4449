import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EdgeEmulator, startEdgeEmulator } from '../src/index.js';
import { tokenize } from '../src/model/tokenizer.js';
import { type ChatChunk, chunksOf, client, contentOf, parseSse, user } from './helpers.js';

let emulator: EdgeEmulator;
let c: ReturnType<typeof client>;
beforeAll(async () => {
  emulator = await startEdgeEmulator();
  c = client(emulator);
});
afterAll(() => emulator.close());

type Completion = {
  object: string;
  model: string;
  choices: {
    message: { role: string; content: string | null; tool_calls?: unknown[] };
    finish_reason: string;
  }[];
  usage: { prompt_tokens: number; completion_tokens: number; total_tokens: number };
};

async function complete(body: Record<string, unknown>, headers?: Record<string, string>) {
  const res = await c.chat(body, headers);
  expect(res.status).toBe(200);
  return { res, body: (await res.json()) as Completion };
}

async function stream(body: Record<string, unknown>, headers?: Record<string, string>) {
  const res = await c.chat({ stream: true, ...body }, headers);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('text/event-stream');
  const text = await res.text();
  const events = parseSse(text);
  return { res, text, events, chunks: chunksOf(events) as ChatChunk[] };
}

describe('non-stream chat', () => {
  it('answers from the conversation, deterministically, with consistent usage', async () => {
    const a = await complete({ messages: user('How do glaciers carve valleys?') });
    const b = await complete({ messages: user('How do glaciers carve valleys?') });
    const other = await complete({ messages: user('Why is the ocean salty?') });
    const content = a.body.choices[0]?.message.content ?? '';
    expect(a.body.object).toBe('chat.completion');
    expect(content).toContain('How do glaciers carve valleys?');
    expect(content).toContain('glacier');
    expect(b.body.choices[0]?.message.content).toBe(content);
    expect(other.body.choices[0]?.message.content).not.toBe(content);
    expect(a.body.choices[0]?.finish_reason).toBe('stop');
    expect(a.body.usage.completion_tokens).toBe(tokenize(content).length);
    expect(a.body.usage.total_tokens).toBe(
      a.body.usage.prompt_tokens + a.body.usage.completion_tokens,
    );
  });

  it('applies server defaults and exposes what was applied', async () => {
    const defaults = await complete({ messages: user('hi') });
    expect(defaults.res.headers.get('x-pg-emulator-applied')).toBe(
      'max_tokens=150;temperature=0.7;top_p=0.9',
    );
    expect(defaults.res.headers.get('x-pg-emulator-defaulted')).toBe(
      'max_tokens,temperature,top_p',
    );
    const explicit = await complete({
      messages: user('hi'),
      max_tokens: 20,
      temperature: 0,
      top_p: 0,
    });
    expect(explicit.res.headers.get('x-pg-emulator-applied')).toBe(
      'max_tokens=20;temperature=0;top_p=0',
    );
    expect(explicit.res.headers.get('x-pg-emulator-defaulted')).toBe('none');
  });

  it('cuts at max_tokens with finish_reason length', async () => {
    const { body } = await complete({
      messages: user('Tell me about rivers and lakes'),
      max_tokens: 5,
    });
    expect(body.choices[0]?.finish_reason).toBe('length');
    expect(body.usage.completion_tokens).toBe(5);
    expect(tokenize(body.choices[0]?.message.content ?? '')).toHaveLength(5);
  });

  it('stops before a stop sequence with finish_reason stop', async () => {
    const full = await complete({ messages: user('Tell me about rivers and lakes') });
    const text = full.body.choices[0]?.message.content ?? '';
    const { body } = await complete({
      messages: user('Tell me about rivers and lakes'),
      stop: ['rivers'],
    });
    expect(body.choices[0]?.finish_reason).toBe('stop');
    expect(body.choices[0]?.message.content).toBe(text.slice(0, text.indexOf('rivers')));
  });

  it('does the arithmetic it is asked for', async () => {
    const { body } = await complete({
      messages: user('What is the sum of 1836281973 and 19973286?'),
    });
    expect(body.choices[0]?.message.content).toContain(String(1836281973 + 19973286));
  });

  it('puts thinking inline in <think> tags before the answer', async () => {
    const { body } = await complete({
      messages: user('Why do leaves change colour?'),
      enable_thinking: true,
    });
    expect(body.choices[0]?.message.content).toMatch(
      /^<think>\n[\s\S]+\n<\/think>\n\n[\s\S]+leaves/,
    );
  });

  it('answers json_schema response formats with valid JSON for the schema', async () => {
    const schema = {
      type: 'object',
      properties: {
        city: { type: 'string' },
        days: { type: 'integer' },
        units: { type: 'string', enum: ['celsius', 'fahrenheit'] },
        tags: { type: 'array', items: { type: 'string' } },
      },
      required: ['city', 'days', 'units', 'tags'],
      additionalProperties: false,
    };
    const { body } = await complete({
      messages: user('Plan 3 days in Lisbon, temperatures in fahrenheit'),
      response_format: { type: 'json_schema', json_schema: { name: 'plan', schema, strict: true } },
    });
    const parsed = JSON.parse(body.choices[0]?.message.content ?? '');
    expect(parsed).toMatchObject({ city: 'Lisbon', days: 3, units: 'fahrenheit' });
    expect(Array.isArray(parsed.tags)).toBe(true);
    const json = await complete({ messages: user('hi'), response_format: { type: 'json_object' } });
    expect(typeof JSON.parse(json.body.choices[0]?.message.content ?? '')).toBe('object');
  });
});

describe('validation', () => {
  it('reports missing fields as a FastAPI detail array (422)', async () => {
    const res = await c.post('/v1/chat/completions', {});
    expect(res.status).toBe(422);
    const body = (await res.json()) as { detail: { loc: unknown[]; type: string }[] };
    expect(body.detail).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ loc: ['body', 'model'], type: 'missing', msg: 'Field required' }),
        expect.objectContaining({ loc: ['body', 'messages'], type: 'missing' }),
      ]),
    );
  });

  it.each([
    [{ max_tokens: 0 }, 'max_tokens', 'greater_than_equal'],
    [{ max_tokens: 4097 }, 'max_tokens', 'less_than_equal'],
    [{ max_tokens: 1.5 }, 'max_tokens', 'int_from_float'],
    [{ temperature: 2.5 }, 'temperature', 'less_than_equal'],
    [{ temperature: -0.1 }, 'temperature', 'greater_than_equal'],
    [{ top_p: 1.1 }, 'top_p', 'less_than_equal'],
  ])('rejects %o', async (params, field, type) => {
    const res = await c.chat({ messages: user('hi'), ...params });
    expect(res.status).toBe(422);
    const body = (await res.json()) as { detail: { loc: unknown[]; type: string }[] };
    expect(body.detail[0]).toMatchObject({ loc: ['body', field], type });
  });

  it('rejects more than 4 stop sequences with a string detail (400)', async () => {
    const res = await c.chat({ messages: user('hi'), stop: ['a', 'b', 'c', 'd', 'e'] });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { detail: unknown }).detail).toEqual(
      expect.stringContaining('4'),
    );
  });

  it('rejects malformed JSON and bad roles', async () => {
    const bad = await fetch(`${c.base}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${emulator.apiKey}` },
      body: '{"model": ',
    });
    expect(bad.status).toBe(422);
    expect(((await bad.json()) as { detail: { type: string }[] }).detail[0]?.type).toBe(
      'json_invalid',
    );
    const role = await c.chat({ messages: [{ role: 'wizard', content: 'hi' }] });
    expect(role.status).toBe(422);
  });
});

describe('stream chat', () => {
  it('sends role first, content, a final delta {} with finish_reason, usage, pg_metadata, [DONE]', async () => {
    const { events, chunks } = await stream({
      messages: user('What makes bread rise?'),
      stream_options: { include_usage: true },
    });
    expect(chunks[0]?.choices[0]?.delta).toEqual({ role: 'assistant', content: '' });
    expect(chunks.slice(1).every((ch) => !('role' in (ch.choices[0]?.delta ?? {})))).toBe(true);
    const finals = chunks.filter((ch) => ch.choices[0]?.finish_reason);
    expect(finals).toHaveLength(1);
    expect(finals[0]?.choices[0]?.delta).toEqual({});
    expect(finals[0]?.choices[0]?.finish_reason).toBe('stop');
    const usageChunk = chunks.at(-1);
    expect(usageChunk?.choices).toEqual([]);
    const text = contentOf(chunks);
    expect(text).toContain('What makes bread rise?');
    expect(usageChunk?.usage?.completion_tokens).toBe(tokenize(text).length);
    const meta = events.find((e) => e.event === 'pg_metadata');
    expect(JSON.parse(meta?.data ?? '{}')).toEqual({
      inference_ttft_ms: expect.any(Number),
      inference_total_ms: expect.any(Number),
    });
    // pg_metadata is the closing line, after [DONE] (the openai client stops at [DONE]).
    expect(events.at(-2)?.data).toBe('[DONE]');
    expect(events.at(-1)?.event).toBe('pg_metadata');
    // The stream carries the same text as the non-stream answer.
    const whole = await complete({ messages: user('What makes bread rise?') });
    expect(text).toBe(whole.body.choices[0]?.message.content);
  });

  it('sends no usage chunk unless include_usage is set', async () => {
    const { chunks } = await stream({ messages: user('hi') });
    expect(chunks.some((ch) => ch.usage)).toBe(false);
  });

  it('switches pg_metadata framing with x-pg-emulator-metadata', async () => {
    const { events } = await stream({ messages: user('hi') }, { 'x-pg-emulator-metadata': 'data' });
    expect(events.some((e) => e.event === 'pg_metadata')).toBe(false);
    const meta = events.find((e) => e.data.includes('pg_metadata'));
    expect(JSON.parse(meta?.data ?? '{}')).toMatchObject({
      object: 'pg_metadata',
      inference_ttft_ms: expect.any(Number),
    });
    expect(events.at(-1)).toBe(meta);
    const before = await stream(
      { messages: user('hi') },
      { 'x-pg-emulator-metadata': 'event;before-done' },
    );
    expect(before.events.at(-2)?.event).toBe('pg_metadata');
    expect(before.events.at(-1)?.data).toBe('[DONE]');
    const none = await stream({ messages: user('hi') }, { 'x-pg-emulator-metadata': 'none' });
    expect(none.text).not.toContain('pg_metadata');
  });

  it('splits <think> tags across chunks for some conversations, deterministically', async () => {
    const shapes = new Set<string>();
    for (const q of ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']) {
      const { chunks } = await stream({
        messages: user(`Question ${q} about tides`),
        enable_thinking: true,
      });
      const pieces = chunks.map(
        (ch) => (ch.choices[0]?.delta?.content as string | undefined) ?? '',
      );
      expect(pieces.join('')).toMatch(/^<think>\n[\s\S]+<\/think>\n\n/);
      shapes.add(pieces.includes('<think>') ? 'whole' : 'split');
    }
    expect(shapes).toEqual(new Set(['whole', 'split']));
  });

  it('paces tokens with x-pg-emulator-timing', async () => {
    const started = Date.now();
    const { chunks } = await stream(
      { messages: user('hi'), max_tokens: 5 },
      { 'x-pg-emulator-timing': 'ttft=150;tps=100' },
    );
    // Functional check only (generous): the first token waited for the TTFT.
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(contentOf(chunks).length).toBeGreaterThan(0);
  });
});

const weatherTool = {
  type: 'function',
  function: {
    name: 'get_weather',
    description: 'Get the current weather for a location',
    parameters: {
      type: 'object',
      properties: {
        location: { type: 'string' },
        unit: { type: 'string', enum: ['celsius', 'fahrenheit'] },
      },
      required: ['location'],
    },
  },
};
const timeTool = {
  type: 'function',
  function: {
    name: 'get_time',
    description: 'Get the local time in a city',
    parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  },
};
const addTool = {
  type: 'function',
  function: {
    name: 'add',
    description: 'Add two integers',
    parameters: {
      type: 'object',
      properties: { a: { type: 'integer' }, b: { type: 'integer' } },
      required: ['a', 'b'],
    },
  },
};
type ToolCall = { id: string; type: string; function: { name: string; arguments: string } };

describe('tools', () => {
  it('picks the matching tool and fills arguments from the text', async () => {
    const { body } = await complete({
      messages: user('What is the sum of 1836281973 and 19973286?'),
      tools: [weatherTool, addTool],
    });
    const calls = body.choices[0]?.message.tool_calls as ToolCall[];
    expect(body.choices[0]?.finish_reason).toBe('tool_calls');
    expect(body.choices[0]?.message.content).toBeNull();
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ type: 'function', function: { name: 'add' } });
    expect(calls[0]?.id).toMatch(/^call_/);
    expect(JSON.parse(calls[0]?.function.arguments ?? '')).toEqual({ a: 1836281973, b: 19973286 });
  });

  it('calls two tools in parallel when asked for two things', async () => {
    const { body } = await complete({
      messages: user('What is the weather in San Francisco in celsius and the time in Tokyo?'),
      tools: [weatherTool, timeTool, addTool],
    });
    const calls = body.choices[0]?.message.tool_calls as ToolCall[];
    expect(calls.map((x) => x.function.name)).toEqual(['get_weather', 'get_time']);
    expect(JSON.parse(calls[0]?.function.arguments ?? '')).toEqual({
      location: 'San Francisco',
      unit: 'celsius',
    });
    expect(JSON.parse(calls[1]?.function.arguments ?? '')).toEqual({ city: 'Tokyo' });
  });

  it('makes one call only when parallel_tool_calls is false', async () => {
    const { body } = await complete({
      messages: user('What is the weather in San Francisco and the time in Tokyo?'),
      tools: [weatherTool, timeTool],
      parallel_tool_calls: false,
    });
    const calls = (body.choices[0]?.message.tool_calls ?? []) as ToolCall[];
    expect(calls.map((x) => x.function.name)).toEqual(['get_weather']);
  });

  it('honours tool_choice none, required and a named function', async () => {
    const none = await complete({
      messages: user('Weather in Paris?'),
      tools: [weatherTool],
      tool_choice: 'none',
    });
    expect(none.body.choices[0]?.message.tool_calls).toBeUndefined();
    expect(none.body.choices[0]?.finish_reason).toBe('stop');
    const auto = await complete({ messages: user('Tell me a poem'), tools: [weatherTool] });
    expect(auto.body.choices[0]?.message.tool_calls).toBeUndefined();
    const required = await complete({
      messages: user('Tell me a poem'),
      tools: [weatherTool],
      tool_choice: 'required',
    });
    expect(
      ((required.body.choices[0]?.message.tool_calls ?? []) as ToolCall[])[0]?.function.name,
    ).toBe('get_weather');
    const named = await complete({
      messages: user('Weather in Paris?'),
      tools: [weatherTool, timeTool],
      tool_choice: { type: 'function', function: { name: 'get_time' } },
    });
    const call = ((named.body.choices[0]?.message.tool_calls ?? []) as ToolCall[])[0];
    expect(call?.function.name).toBe('get_time');
    expect(JSON.parse(call?.function.arguments ?? '')).toEqual({ city: 'Paris' });
  });

  it('answers with the tool results after role tool messages', async () => {
    const { body } = await complete({
      tools: [weatherTool],
      messages: [
        { role: 'user', content: 'Weather in Paris?' },
        {
          role: 'assistant',
          content: null,
          tool_calls: [
            {
              id: 'call_1',
              type: 'function',
              function: { name: 'get_weather', arguments: '{"location":"Paris"}' },
            },
          ],
        },
        { role: 'tool', tool_call_id: 'call_1', content: '18°C and sunny' },
      ],
    });
    expect(body.choices[0]?.finish_reason).toBe('stop');
    expect(body.choices[0]?.message.content).toContain('get_weather returned: 18°C and sunny');
  });

  it('streams tool calls as delta.tool_calls fragments, id and name first', async () => {
    const { chunks } = await stream({
      messages: user('What is the weather in San Francisco and the time in Tokyo?'),
      tools: [weatherTool, timeTool],
    });
    const fragments = chunks.flatMap(
      (ch) => (ch.choices[0]?.delta?.tool_calls as Record<string, unknown>[] | undefined) ?? [],
    );
    const byIndex = new Map<number, { id?: string; name?: string; args: string; count: number }>();
    for (const f of fragments) {
      const entry = byIndex.get(f.index as number) ?? { args: '', count: 0 };
      const fn = f.function as { name?: string; arguments?: string };
      if (entry.count === 0) {
        expect(f.id).toMatch(/^call_/);
        expect(fn.name).toBeTruthy();
        entry.id = f.id as string;
        entry.name = fn.name;
      } else {
        expect(f.id).toBeUndefined();
      }
      entry.args += fn.arguments ?? '';
      entry.count += 1;
      byIndex.set(f.index as number, entry);
    }
    expect([...byIndex.keys()]).toEqual([0, 1]);
    expect(byIndex.get(0)?.count).toBeGreaterThan(2);
    expect(JSON.parse(byIndex.get(0)?.args ?? '')).toEqual({ location: 'San Francisco' });
    expect(JSON.parse(byIndex.get(1)?.args ?? '')).toEqual({ city: 'Tokyo' });
    expect(chunks.find((ch) => ch.choices[0]?.finish_reason)?.choices[0]?.finish_reason).toBe(
      'tool_calls',
    );
  });

  it('thinks inline before calling tools when enable_thinking is on', async () => {
    const { body } = await complete({
      messages: user('Weather in Oslo?'),
      tools: [weatherTool],
      enable_thinking: true,
    });
    expect(body.choices[0]?.message.content).toMatch(
      /^<think>\n[\s\S]+I will call get_weather\.\n<\/think>\n\n$/,
    );
    expect(((body.choices[0]?.message.tool_calls ?? []) as ToolCall[])[0]?.function.name).toBe(
      'get_weather',
    );
    const { chunks } = await stream({
      messages: user('Weather in Oslo?'),
      tools: [weatherTool],
      enable_thinking: true,
    });
    const firstToolChunk = chunks.findIndex((ch) => ch.choices[0]?.delta?.tool_calls);
    expect(contentOf(chunks.slice(0, firstToolChunk))).toBe(body.choices[0]?.message.content);
  });

  it('ends tool calls with finish_reason stop when asked by header', async () => {
    const { chunks } = await stream(
      { messages: user('Weather in Oslo?'), tools: [weatherTool] },
      { 'x-pg-emulator-tool-finish': 'stop' },
    );
    expect(chunks.find((ch) => ch.choices[0]?.finish_reason)?.choices[0]?.finish_reason).toBe(
      'stop',
    );
  });
});

describe('text completions', () => {
  it('answers non-stream and stream with choices[].text', async () => {
    const res = await c.post('/v1/completions', {
      model: 'qwen-3.8-27b',
      prompt: 'Once upon a time',
      max_tokens: 4,
    });
    const body = (await res.json()) as {
      object: string;
      choices: { text: string; finish_reason: string }[];
    };
    expect(body.object).toBe('text_completion');
    expect(body.choices[0]?.finish_reason).toBe('length');
    expect(tokenize(body.choices[0]?.text ?? '')).toHaveLength(4);
    const s = await c.post('/v1/completions', {
      model: 'qwen-3.8-27b',
      prompt: 'Once upon a time',
      max_tokens: 4,
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks = chunksOf(parseSse(await s.text())) as {
      choices: { text: string }[];
      usage?: unknown;
    }[];
    expect(chunks.map((ch) => ch.choices[0]?.text ?? '').join('')).toBe(body.choices[0]?.text);
    expect(chunks.at(-1)?.usage).toEqual({
      prompt_tokens: expect.any(Number),
      completion_tokens: 4,
      total_tokens: expect.any(Number),
    });
  });
});
