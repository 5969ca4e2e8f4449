/**
 * Differential test: the SAME recorded SSE streams are replayed by one loopback server to this
 * provider and to `@ai-sdk/openai-compatible` (the reference implementation for ai@7). Where both
 * are correct they must agree on text and tool calls; where we deliberately differ, the test
 * names the difference and asserts both sides of it.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { generateText, jsonSchema, type LanguageModel, streamText, tool } from 'ai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPolarGrid } from '../src/index.js';

const fixture = (name: string, ext: 'sse' | 'json' = 'sse') =>
  readFileSync(new URL(`../src/__fixtures__/${name}.${ext}`, import.meta.url), 'utf8');

let server: Server;
let baseURL: string;
let current = '';
const requests: Array<{ url: string; body: Record<string, unknown> }> = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => {
      body += c.toString();
    });
    req.on('end', () => {
      requests.push({ url: req.url ?? '', body: JSON.parse(body) as Record<string, unknown> });
      const json = current.trimStart().startsWith('{');
      res.writeHead(200, {
        'content-type': json ? 'application/json' : 'text/event-stream',
        'x-request-id': 'req_replay',
      });
      // The fixture is written as recorded and the body ends: a fixture without [DONE] is a cut stream.
      res.end(current);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const ours = () => createPolarGrid({ apiKey: 'pg_test_key_12345678', baseURL })('qwen-3.8-27b');
const theirs = () =>
  createOpenAICompatible({
    name: 'polargrid',
    baseURL: `${baseURL}/v1`,
    apiKey: 'pg_test_key_12345678',
    includeUsage: true,
  }).chatModel('qwen-3.8-27b');

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
};

interface Outcome {
  text: string;
  reasoning: string;
  toolCalls: Array<{ toolCallId: string; toolName: string; input: unknown }>;
  finishReason: string;
  inputTokens: number | undefined;
  errors: unknown[];
  thrown: unknown;
}

async function run(model: LanguageModel, sse: string): Promise<Outcome> {
  current = sse;
  const out: Outcome = {
    text: '',
    reasoning: '',
    toolCalls: [],
    finishReason: '',
    inputTokens: undefined,
    errors: [],
    thrown: undefined,
  };
  const result = streamText({ model, prompt: 'replay', tools, maxRetries: 0, onError: () => {} });
  try {
    for await (const part of result.fullStream) {
      if (part.type === 'text-delta') out.text += part.text;
      else if (part.type === 'reasoning-delta') out.reasoning += part.text;
      else if (part.type === 'tool-call') {
        out.toolCalls.push({
          toolCallId: part.toolCallId,
          toolName: part.toolName,
          input: part.input,
        });
      } else if (part.type === 'error') out.errors.push(part.error);
      else if (part.type === 'finish') {
        out.finishReason = part.finishReason;
        out.inputTokens = part.totalUsage.inputTokens;
      }
    }
  } catch (error) {
    out.thrown = error;
  }
  return out;
}

describe('same stream, same result', () => {
  it('plain text (recorded from the emulator)', async () => {
    const a = await run(ours(), fixture('emulator-text'));
    const b = await run(theirs(), fixture('emulator-text'));
    expect(a.text.length).toBeGreaterThan(0);
    expect(a.text).toBe(b.text);
    expect(a.finishReason).toBe(b.finishReason);
    expect(a.inputTokens).toBe(5);
    expect(a.inputTokens).toBe(b.inputTokens);
    expect(a.errors).toEqual([]);
    expect(b.errors).toEqual([]);
  });

  it('a streamed tool call (recorded from the emulator)', async () => {
    const a = await run(ours(), fixture('emulator-tool-call'));
    const b = await run(theirs(), fixture('emulator-tool-call'));
    expect(a.toolCalls).toHaveLength(1);
    expect(a.toolCalls).toEqual(b.toolCalls);
    expect(a.finishReason).toBe('tool-calls');
    expect(b.finishReason).toBe('tool-calls');
  });

  it('two parallel tool calls with interleaved fragments (hand-written)', async () => {
    const a = await run(ours(), fixture('hand-parallel-tool-calls'));
    const b = await run(theirs(), fixture('hand-parallel-tool-calls'));
    expect(a.toolCalls).toEqual([
      { toolCallId: 'call_a', toolName: 'weather', input: { city: 'Oslo' } },
      { toolCallId: 'call_b', toolName: 'time', input: { zone: 'CET' } },
    ]);
    expect(a.toolCalls).toEqual(b.toolCalls);
  });

  it('both request stream usage on the wire', async () => {
    requests.length = 0;
    await run(ours(), fixture('emulator-text'));
    await run(theirs(), fixture('emulator-text'));
    expect(requests.map((r) => r.url)).toEqual(['/v1/chat/completions', '/v1/chat/completions']);
    for (const r of requests) {
      expect(r.body).toMatchObject({ stream: true, stream_options: { include_usage: true } });
    }
  });
});

describe('deliberate differences', () => {
  it('usage-only final chunk without `choices`: we keep the usage, openai-compatible errors and loses it', async () => {
    const a = await run(ours(), fixture('hand-usage-without-choices'));
    const b = await run(theirs(), fixture('hand-usage-without-choices'));
    expect(a.text).toBe('Hello from the edge.');
    expect(b.text).toBe(a.text);
    expect(a.errors).toEqual([]);
    expect(a.inputTokens).toBe(9);
    expect(a.finishReason).toBe('stop');
    expect(b.errors.length).toBeGreaterThan(0);
    expect(b.inputTokens).toBeUndefined();
    expect(b.finishReason).toBe('error');
  });

  it('truncated stream: we finish as interrupted with the partial text; openai-compatible reports an error', async () => {
    const a = await run(ours(), fixture('hand-truncated'));
    const b = await run(theirs(), fixture('hand-truncated'));
    expect(a.text).toBe('The glacier moved');
    expect(b.text).toBe(a.text);
    expect(a.finishReason).toBe('interrupted');
    expect(a.errors).toEqual([]);
    expect(b.finishReason).toBe('error');
    expect(b.errors.length).toBeGreaterThan(0);
  });

  it('tool calls with finish_reason "stop": we report tool-calls, openai-compatible keeps stop', async () => {
    const a = await run(ours(), fixture('emulator-tool-call-finish-stop'));
    const b = await run(theirs(), fixture('emulator-tool-call-finish-stop'));
    expect(a.toolCalls).toHaveLength(1);
    expect(a.toolCalls).toEqual(b.toolCalls);
    expect(a.finishReason).toBe('tool-calls');
    expect(b.finishReason).toBe('stop');
  });

  it('inline <think> reasoning: we split it into reasoning parts, openai-compatible leaves the tags in the text', async () => {
    const a = await run(ours(), fixture('emulator-reasoning'));
    const b = await run(theirs(), fixture('emulator-reasoning'));
    expect(a.reasoning.length).toBeGreaterThan(0);
    expect(a.text).not.toContain('<think>');
    expect(b.reasoning).toBe('');
    expect(b.text).toContain('<think>');
    // Same characters overall: nothing lost in the split.
    expect(b.text.replace(/<\/?think>/g, '').replace(/\s+/g, '')).toBe(
      (a.reasoning + a.text).replace(/\s+/g, ''),
    );
  });

  it('the pg_metadata event: we expose server timings, openai-compatible turns it into an error part', async () => {
    current = fixture('emulator-text-pg-metadata');
    const result = streamText({ model: ours(), prompt: 'replay', maxRetries: 0 });
    await result.consumeStream();
    expect((await result.providerMetadata)?.polargrid).toMatchObject({
      serverTimings: { inferenceTtftMs: expect.any(Number), inferenceTotalMs: expect.any(Number) },
    });
    const a = await run(ours(), fixture('emulator-text-pg-metadata'));
    const b = await run(theirs(), fixture('emulator-text-pg-metadata'));
    expect(a.errors).toEqual([]);
    expect(b.text).toBe(a.text);
    expect(b.errors.length).toBeGreaterThan(0);
  });
});

describe('non-streamed responses (recorded from the emulator)', () => {
  const generate = async (model: LanguageModel, name: string) => {
    current = fixture(name, 'json');
    return generateText({ model, prompt: 'replay', tools, maxRetries: 0 });
  };

  it('same text and usage', async () => {
    const a = await generate(ours(), 'emulator-text');
    const b = await generate(theirs(), 'emulator-text');
    expect(a.text.length).toBeGreaterThan(0);
    expect(a.text).toBe(b.text);
    expect(a.finishReason).toBe(b.finishReason);
    expect(a.usage.inputTokens).toBe(b.usage.inputTokens);
    expect(a.usage.outputTokens).toBe(b.usage.outputTokens);
  });

  it('tool calls with finish_reason "stop": same calls; we report tool-calls, openai-compatible stop', async () => {
    const a = await generate(ours(), 'emulator-tool-call-finish-stop');
    const b = await generate(theirs(), 'emulator-tool-call-finish-stop');
    const calls = (r: typeof a) =>
      r.toolCalls.map(({ toolCallId, toolName, input }) => ({ toolCallId, toolName, input }));
    expect(calls(a)).toEqual([
      { toolCallId: 'call_1w15qqf', toolName: 'weather', input: { city: 'Oslo' } },
    ]);
    expect(calls(a)).toEqual(calls(b));
    expect(a.finishReason).toBe('tool-calls');
    expect(b.finishReason).toBe('stop');
  });

  it('inline <think>: we return a reasoning part, openai-compatible keeps the tags in the text', async () => {
    const a = await generate(ours(), 'emulator-reasoning');
    const b = await generate(theirs(), 'emulator-reasoning');
    expect(a.reasoningText?.length).toBeGreaterThan(0);
    expect(a.text).not.toContain('<think>');
    expect(b.reasoningText).toBeUndefined();
    expect(b.text).toContain('<think>');
  });
});
