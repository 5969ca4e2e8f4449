import type { ChatModelStreamEvent } from '@langchain/core/language_models/event';
import { ChatModelStream } from '@langchain/core/language_models/stream';
import type { ChatStreamEvent } from '@polargrid/core';
import { describe, expect, test } from 'vitest';
import { EventMapper, type EventMapperOptions } from '../stream_events.js';
import { META, REASONING_THEN_TEXT, TEXT_THEN_TOOL } from './helpers.js';

const OPTIONS: EventMapperOptions = {
  requestedModel: 'qwen-3.8-27b',
  meta: META,
  streamUsage: true,
  reasoningMode: 'separate',
};

function mapAll(events: ChatStreamEvent[], options: Partial<EventMapperOptions> = {}) {
  const mapper = new EventMapper({ ...OPTIONS, ...options });
  return events.flatMap((e) => mapper.map(e));
}

async function* from(events: ChatModelStreamEvent[]) {
  yield* events;
}

describe('EventMapper', () => {
  test('a tool call after text keeps its own block index and survives assembly', async () => {
    const events = mapAll(TEXT_THEN_TOOL);
    expect(events[0]).toEqual({ event: 'message-start' });
    const starts = events.filter((e) => e.event === 'content-block-start');
    expect(starts.map((e) => [e.index, e.content.type])).toEqual([
      [0, 'text'],
      [1, 'tool_call_chunk'],
    ]);
    const stream = new ChatModelStream(from(events));
    const message = await stream;
    expect(message.text).toBe('Let me check.');
    expect(message.tool_calls).toEqual([
      expect.objectContaining({
        id: 'call_a',
        name: 'get_current_weather',
        args: { location: 'Paris' },
      }),
    ]);
    expect(await new ChatModelStream(from(events)).toolCalls).toHaveLength(1);
  });

  test('tool args stream as tool-call-delta slices; the finish block carries the parsed call', () => {
    const events = mapAll(TEXT_THEN_TOOL);
    const deltas = events.filter(
      (e) => e.event === 'content-block-delta' && e.delta.type === 'tool-call-delta',
    );
    expect(deltas).toHaveLength(2);
    const finish = events.find(
      (e) => e.event === 'content-block-finish' && e.content.type === 'tool_call',
    );
    expect(finish).toMatchObject({ index: 1, content: { args: { location: 'Paris' } } });
  });

  test('message-finish carries reason, usage and PolarGrid response metadata', async () => {
    const events = mapAll(TEXT_THEN_TOOL);
    const last = events.at(-1)!;
    expect(last).toMatchObject({
      event: 'message-finish',
      reason: 'tool_use',
      usage: { input_tokens: 12, output_tokens: 7, total_tokens: 19 },
      responseMetadata: {
        model_provider: 'polargrid',
        model: 'qwen-3.8-27b',
        finish_reason: 'tool_calls',
        region: 'yto-01',
        server_timings: { inference_ttft_ms: 5, inference_total_ms: 20 },
      },
    });
    const message = await new ChatModelStream(from(events));
    expect(message.usage_metadata?.total_tokens).toBe(19);
    expect(message.response_metadata.region).toBe('yto-01');
  });

  test('reasoning streams as reasoning-delta events in its own block', async () => {
    const events = mapAll(REASONING_THEN_TEXT);
    expect(
      events
        .filter((e) => e.event === 'content-block-delta')
        .map((e) => (e.event === 'content-block-delta' ? e.delta.type : '')),
    ).toEqual(['reasoning-delta', 'reasoning-delta', 'text-delta', 'text-delta']);
    const stream = new ChatModelStream(from(events));
    expect(await stream.reasoning).toBe('The user greets me.');
    expect(await new ChatModelStream(from(events)).text).toBe('Hello there!');
  });

  test('invalid arguments finish as an invalid_tool_call block', () => {
    const events = mapAll([
      { type: 'tool-call-start', index: 0, id: 'c', name: 'a' },
      { type: 'tool-call-delta', index: 0, id: 'c', argumentsDelta: '{oops' },
      { type: 'tool-call-end', index: 0, id: 'c', name: 'a', arguments: '{oops' },
      { type: 'finish', reason: 'tool-calls', rawReason: 'tool_calls' },
    ]);
    const finish = events.find((e) => e.event === 'content-block-finish');
    expect(finish).toMatchObject({ content: { type: 'invalid_tool_call', args: '{oops' } });
  });

  test('an interrupted stream finishes without a standard reason but says interrupted', async () => {
    const events = mapAll([
      { type: 'text-delta', text: 'part' },
      { type: 'finish', reason: 'interrupted', rawReason: null },
    ]);
    const finish = events.at(-1)!;
    expect(finish).toMatchObject({ event: 'message-finish' });
    expect('reason' in finish).toBe(false);
    const message = await new ChatModelStream(from(events));
    expect(message.text).toBe('part');
    expect(message.response_metadata.finish_reason).toBe('interrupted');
  });

  test('a decoder warning reaches the final message’s response_metadata.warnings', async () => {
    const events = mapAll([
      { type: 'metadata', id: 'c1', model: 'qwen-3.8-27b' },
      { type: 'text-delta', text: 'Hi' },
      { type: 'warning', code: 'data-after-done', message: 'Text after [DONE] was not decoded.' },
      { type: 'finish', reason: 'stop', rawReason: 'stop', usage: undefined },
    ]);
    const message = await new ChatModelStream(from(events));
    expect(message.text).toBe('Hi');
    expect(message.response_metadata.warnings).toEqual([
      { code: 'data-after-done', message: 'Text after [DONE] was not decoded.' },
    ]);
  });
});
