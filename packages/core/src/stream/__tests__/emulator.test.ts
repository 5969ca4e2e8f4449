import { describe, expect, inject, it } from 'vitest';
import { decodeChatStream } from '../chat-stream-decoder.js';
import type { ChatCompletion } from '../../types/chat-types.js';
import type { ChatStreamEvent, FinishEvent } from '../events.js';
import { chatResultOf } from '../chat-result.js';
import { decodeChatCompletion } from '../whole-answer.js';

/** A whole chat answer as `createChatCompletion` reads it: decoded into events, then folded. */
const wholeChat = (body: ChatCompletion) => chatResultOf(decodeChatCompletion(body));
import { collect, last, reasoningOf, textOf } from './helpers.js';

const emulator = inject('emulator');

async function post(
  body: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<Response> {
  if (emulator === null) throw new Error('no emulator');
  const edge = emulator.edgeURLs['yto-01'] ?? Object.values(emulator.edgeURLs)[0];
  const response = await fetch(`${edge}/v1/chat/completions`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${emulator.apiKey}`,
      ...headers,
    },
    body: JSON.stringify(body),
  });
  expect(response.status).toBe(200);
  return response;
}

const weatherTool = {
  type: 'function',
  function: {
    name: 'get_weather',
    description: 'Weather for a city',
    parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  },
};

describe.skipIf(emulator === null)('against the edge emulator (real fetch bodies)', () => {
  const base = { model: 'qwen-3.8-27b', max_tokens: 200, stream_options: { include_usage: true } };

  it.each(['event', 'data'])(
    'a thinking stream matches the non-streamed answer (pg_metadata framing: %s)',
    async (framing) => {
      const request = {
        ...base,
        enable_thinking: true,
        messages: [{ role: 'user', content: 'Why is the sky blue?' }],
      };
      const headers = { 'x-pg-emulator-metadata': framing };
      const events: ChatStreamEvent[] = await collect(
        decodeChatStream(
          (await post({ ...request, stream: true }, headers)).body as ReadableStream<Uint8Array>,
        ),
      );
      const whole = wholeChat(await (await post(request)).json());
      expect(textOf(events)).toBe(whole.text);
      expect(reasoningOf(events)).toBe(whole.reasoning);
      expect(whole.reasoning).not.toBe('');
      const finish = last(events) as FinishEvent;
      expect(finish).toMatchObject({ type: 'finish', reason: whole.finishReason });
      expect(finish.usage?.totalTokens).toBe(whole.usage?.totalTokens);
      expect(finish.timings?.inferenceTtftMs).toEqual(expect.any(Number));
    },
  );

  it('streamed tool calls (finish "stop") assemble like the non-streamed ones', async () => {
    const request = {
      ...base,
      tools: [weatherTool],
      tool_choice: { type: 'function', function: { name: 'get_weather' } },
      messages: [{ role: 'user', content: 'What is the weather in Oslo?' }],
    };
    const headers = { 'x-pg-emulator-tool-finish': 'stop' };
    const events = await collect(
      decodeChatStream(
        (await post({ ...request, stream: true }, headers)).body as ReadableStream<Uint8Array>,
      ),
    );
    const whole = wholeChat(await (await post(request, headers)).json());
    const ends = events.filter((e) => e.type === 'tool-call-end');
    expect(ends.map((e) => [e.name, e.arguments])).toEqual(
      whole.toolCalls.map((c) => [c.name, c.arguments]),
    );
    expect(ends.length).toBeGreaterThan(0);
    expect(last(events)).toMatchObject({ type: 'finish', reason: 'tool-calls', rawReason: 'stop' });
  });

  it('a connection reset mid-stream finishes as a network interruption after partial text', async () => {
    const response = await post(
      { ...base, stream: true, messages: [{ role: 'user', content: 'Tell me a long story.' }] },
      { 'x-pg-emulator-fault': 'reset-mid-stream;afterChunks=3' },
    );
    const events = await collect(decodeChatStream(response.body as ReadableStream<Uint8Array>));
    expect(textOf(events)).not.toBe('');
    expect(last(events)).toMatchObject({
      type: 'finish',
      reason: 'interrupted',
      interruption: { cause: 'network' },
    });
  });

  it('an in-stream error ends with a StreamError', async () => {
    const response = await post(
      { ...base, stream: true, messages: [{ role: 'user', content: 'Hello' }] },
      { 'x-pg-emulator-fault': 'stream-error;afterChunks=2' },
    );
    const events = await collect(
      decodeChatStream(response.body as ReadableStream<Uint8Array>, { region: 'yto-01' }),
    );
    expect(last(events)).toMatchObject({
      type: 'error',
      error: { name: 'StreamError', region: 'yto-01' },
    });
  });
});
