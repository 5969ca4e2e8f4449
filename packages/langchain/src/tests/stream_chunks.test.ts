import { AIMessageChunk } from '@langchain/core/messages';
import type { ChatGenerationChunk } from '@langchain/core/outputs';
import type { ChatStreamEvent } from '@polargrid/core';
import { describe, expect, test } from 'vitest';
import { eventsToMessage } from '../result_message.js';
import { ChunkMapper, type ChunkMapperOptions } from '../stream_chunks.js';
import { META, REASONING_THEN_TEXT, TEXT_THEN_TOOL, usage } from './helpers.js';

const OPTIONS: ChunkMapperOptions = {
  requestedModel: 'qwen-3.8-27b',
  meta: META,
  streamUsage: true,
  reasoningMode: 'separate',
};

function run(events: ChatStreamEvent[], options: Partial<ChunkMapperOptions> = {}) {
  const mapper = new ChunkMapper({ ...OPTIONS, ...options });
  const chunks: ChatGenerationChunk[] = [];
  for (const event of events) {
    const chunk = mapper.map(event);
    if (chunk) chunks.push(chunk);
  }
  let message = chunks[0]!.message as AIMessageChunk;
  for (const chunk of chunks.slice(1)) message = message.concat(chunk.message as AIMessageChunk);
  return { chunks, message };
}

const WARNED: ChatStreamEvent[] = [
  { type: 'metadata', id: 'c1', model: 'qwen-3.8-27b' },
  { type: 'text-delta', text: 'Hi' },
  {
    type: 'warning',
    code: 'unsupported-content',
    message: 'A content part of type "audio" is not decoded.',
    data: { type: 'audio' },
  },
  { type: 'finish', reason: 'stop', rawReason: 'stop', usage: undefined },
];

describe('ChunkMapper', () => {
  test('text then a tool call: text content, one merged tool call, usage and metadata last', () => {
    const { chunks, message } = run(TEXT_THEN_TOOL);
    expect(chunks.every((c) => AIMessageChunk.isInstance(c.message))).toBe(true);
    expect(message.content).toBe('Let me check.');
    expect(message.tool_calls).toEqual([
      { type: 'tool_call', id: 'call_a', name: 'get_current_weather', args: { location: 'Paris' } },
    ]);
    expect(message.tool_call_chunks).toHaveLength(1);
    expect(message.usage_metadata).toMatchObject({
      input_tokens: 12,
      output_tokens: 7,
      total_tokens: 19,
    });
    const last = chunks.at(-1)!.message as AIMessageChunk;
    expect(last.usage_metadata?.total_tokens).toBe(19);
    expect(last.response_metadata).toMatchObject({
      model_provider: 'polargrid',
      model_name: 'qwen-3.8-27b',
      model: 'qwen-3.8-27b',
      finish_reason: 'tool_calls',
      region: 'yto-01',
      region_name: 'Toronto',
      request_id: 'req_123',
      id: 'chatcmpl-1',
      server_timings: { inference_ttft_ms: 5, inference_total_ms: 20 },
    });
    // Only the final chunk carries metadata, so concatenation cannot garble it.
    expect(message.response_metadata.model_name).toBe('qwen-3.8-27b');
  });

  test('the message id is left to LangChain (server ids may repeat)', () => {
    const { message } = run(TEXT_THEN_TOOL);
    expect(message.id).toBeUndefined();
  });

  test('tool-call chunks: id and name on the first chunk of an index, then args only', () => {
    const { chunks } = run(TEXT_THEN_TOOL);
    const toolChunks = chunks
      .map((c) => (c.message as AIMessageChunk).tool_call_chunks ?? [])
      .filter((t) => t.length > 0)
      .map((t) => t[0]);
    expect(toolChunks[0]).toMatchObject({ id: 'call_a', name: 'get_current_weather', index: 0 });
    expect(toolChunks[1]).toEqual({ type: 'tool_call_chunk', args: '{"location":', index: 0 });
  });

  test('parallel tool calls stay apart by index', () => {
    const events: ChatStreamEvent[] = [
      { type: 'tool-call-start', index: 0, id: 'c0', name: 'a' },
      { type: 'tool-call-start', index: 1, id: 'c1', name: 'b' },
      { type: 'tool-call-delta', index: 0, id: 'c0', argumentsDelta: '{"x":1}' },
      { type: 'tool-call-delta', index: 1, id: 'c1', argumentsDelta: '{"y":2}' },
      { type: 'finish', reason: 'tool-calls', rawReason: 'tool_calls' },
    ];
    const { message } = run(events);
    expect(message.tool_calls?.map((t) => [t.id, t.name, t.args])).toEqual([
      ['c0', 'a', { x: 1 }],
      ['c1', 'b', { y: 2 }],
    ]);
  });

  test('invalid tool-call JSON lands in invalid_tool_calls and never throws', () => {
    const events: ChatStreamEvent[] = [
      { type: 'tool-call-start', index: 0, id: 'c0', name: 'a' },
      { type: 'tool-call-delta', index: 0, id: 'c0', argumentsDelta: '{"x": nope' },
      { type: 'finish', reason: 'tool-calls', rawReason: 'tool_calls' },
    ];
    const { message } = run(events);
    expect(message.tool_calls).toEqual([]);
    expect(message.invalid_tool_calls).toHaveLength(1);
    expect(message.invalid_tool_calls?.[0]).toMatchObject({ id: 'c0', name: 'a' });
  });

  test('reasoning becomes one reasoning block, text one text block, plus reasoning_content', () => {
    const { message } = run(REASONING_THEN_TEXT);
    expect(message.content).toEqual([
      { type: 'reasoning', reasoning: 'The user greets me.', index: 0 },
      { type: 'text', text: 'Hello there!', index: 1 },
    ]);
    expect(message.text).toBe('Hello there!');
    expect(message.additional_kwargs.reasoning_content).toBe('The user greets me.');
    expect(message.contentBlocks.map((b) => b.type)).toEqual(['reasoning', 'text']);
  });

  test('reasoningMode strip drops the reasoning', () => {
    const { message } = run(REASONING_THEN_TEXT, { reasoningMode: 'strip' });
    expect(message.content).toBe('Hello there!');
    expect(message.additional_kwargs.reasoning_content).toBeUndefined();
  });

  test('streamUsage false leaves usage out', () => {
    const { message } = run(TEXT_THEN_TOOL, { streamUsage: false });
    expect(message.usage_metadata).toBeUndefined();
  });

  test('an interrupted stream keeps its output and says so in finish_reason', () => {
    const events: ChatStreamEvent[] = [
      { type: 'text-delta', text: 'partial' },
      {
        type: 'finish',
        reason: 'interrupted',
        rawReason: null,
        interruption: { cause: 'eof', message: 'EOF' },
      },
    ];
    const { message } = run(events);
    expect(message.content).toBe('partial');
    expect(message.response_metadata.finish_reason).toBe('interrupted');
  });

  test('usage details map to input/output token details', () => {
    const events: ChatStreamEvent[] = [
      { type: 'text-delta', text: 'x' },
      {
        type: 'finish',
        reason: 'stop',
        rawReason: 'stop',
        usage: { ...usage(10, 5), reasoningTokens: 3, cachedPromptTokens: 4 },
      },
    ];
    const { chunks } = run(events);
    expect((chunks.at(-1)!.message as AIMessageChunk).usage_metadata).toEqual({
      input_tokens: 10,
      output_tokens: 5,
      total_tokens: 15,
      input_token_details: { cache_read: 4 },
      output_token_details: { reasoning: 3 },
    });
  });

  test('a decoder warning reaches response_metadata.warnings, not the text', () => {
    const { message } = run(WARNED);
    expect(message.text).toBe('Hi');
    expect(message.response_metadata.warnings).toEqual([
      { code: 'unsupported-content', message: 'A content part of type "audio" is not decoded.' },
    ]);
    // Without warnings there is no such field.
    expect(run(TEXT_THEN_TOOL).message.response_metadata.warnings).toBeUndefined();
  });

  test('a non-streamed answer with warnings gives the same message (eventsToMessage)', () => {
    // The events the core decodes a whole two-choice answer to (createChatCompletion's `events`).
    const events: ChatStreamEvent[] = [
      { type: 'metadata', id: 'c1', model: 'qwen-3.8-27b', created: 1 },
      { type: 'text-delta', text: 'Hi' },
      {
        type: 'warning',
        code: 'ignored-choice',
        message:
          'The edge sent a choice with index 1; only choice 0 is the answer, so it was ignored.',
        data: { index: 1, delta: { content: 'Hello' } },
      },
      { type: 'finish', reason: 'stop', rawReason: 'stop', usage: undefined },
    ];
    const message = eventsToMessage(events, {
      requestedModel: 'qwen-3.8-27b',
      meta: META,
      reasoningMode: 'separate',
    });
    expect(message.text).toBe('Hi');
    expect(message.response_metadata.warnings).toEqual([
      {
        code: 'ignored-choice',
        message:
          'The edge sent a choice with index 1; only choice 0 is the answer, so it was ignored.',
      },
    ]);
    // The same message as the stream of the same events builds.
    expect(message.response_metadata.warnings).toEqual(
      run(events).message.response_metadata.warnings,
    );
  });
});
