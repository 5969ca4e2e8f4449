import type { LanguageModelV4StreamPart } from '@ai-sdk/provider';
import { isProviderStreamError } from '@ai-sdk/provider-utils';
import {
  AbortError,
  type ChatStreamEvent,
  NetworkError,
  type ResponseMeta,
  StreamError,
  type TokenUsage,
} from '@polargrid/core';
import { describe, expect, it } from 'vitest';
import { mapEventStream } from './map-event-stream.js';

const meta: ResponseMeta = {
  region: 'yto-01',
  regionName: 'Toronto',
  endpoint: 'http://127.0.0.1:1',
  routeSource: 'autorouter',
  status: 200,
  requestId: 'req_1',
  headers: { 'x-request-id': 'req_1' },
  attempts: 1,
};

function source(events: ChatStreamEvent[], failWith?: unknown): ReadableStream<ChatStreamEvent> {
  return new ReadableStream({
    start(c) {
      for (const e of events) c.enqueue(e);
      if (failWith !== undefined) c.error(failWith);
      else c.close();
    },
  });
}

async function collect(stream: ReadableStream<LanguageModelV4StreamPart>) {
  const parts: LanguageModelV4StreamPart[] = [];
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return parts;
    parts.push(value);
  }
}

const usage: TokenUsage = {
  promptTokens: 10,
  completionTokens: 5,
  totalTokens: 15,
  raw: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 },
};

describe('mapEventStream', () => {
  it('maps reasoning then text, closing reasoning before text, with finish last', async () => {
    const parts = await collect(
      mapEventStream(
        source([
          { type: 'metadata', id: 'chatcmpl-1', model: 'qwen-3.8-27b', created: 1_700_000_000 },
          { type: 'reasoning-delta', text: 'think ' },
          { type: 'reasoning-delta', text: 'more' },
          { type: 'text-delta', text: 'Hello' },
          { type: 'text-delta', text: ' world' },
          { type: 'usage', usage },
          {
            type: 'server-timings',
            timings: { inferenceTtftMs: 12, inferenceTotalMs: 40, raw: {} },
          },
          { type: 'finish', reason: 'stop', rawReason: 'stop', usage },
        ]),
        meta,
        [{ type: 'other', message: 'w' }],
      ),
    );
    expect(parts.map((p) => p.type)).toEqual([
      'stream-start',
      'response-metadata',
      'reasoning-start',
      'reasoning-delta',
      'reasoning-delta',
      'reasoning-end',
      'text-start',
      'text-delta',
      'text-delta',
      'text-end',
      'finish',
    ]);
    expect(parts[0]).toEqual({ type: 'stream-start', warnings: [{ type: 'other', message: 'w' }] });
    expect(parts[1]).toEqual({
      type: 'response-metadata',
      id: 'chatcmpl-1',
      modelId: 'qwen-3.8-27b',
      timestamp: new Date(1_700_000_000_000),
    });
    const reasoningId = (parts[2] as { id: string }).id;
    const textId = (parts[6] as { id: string }).id;
    expect(reasoningId).not.toBe(textId);
    expect(parts.at(-1)).toEqual({
      type: 'finish',
      finishReason: { unified: 'stop', raw: 'stop' },
      usage: {
        inputTokens: { total: 10, noCache: undefined, cacheRead: undefined, cacheWrite: undefined },
        outputTokens: { total: 5, text: undefined, reasoning: undefined },
        raw: usage.raw,
      },
      providerMetadata: {
        polargrid: {
          region: 'yto-01',
          regionName: 'Toronto',
          requestId: 'req_1',
          routeSource: 'autorouter',
          attempts: 1,
          serverTimings: { inferenceTtftMs: 12, inferenceTotalMs: 40 },
        },
      },
    });
  });

  it('closes text before tool input and emits tool-call after tool-input-end', async () => {
    const parts = await collect(
      mapEventStream(
        source([
          { type: 'metadata', id: 'c', model: 'm' },
          { type: 'text-delta', text: 'Let me check.' },
          { type: 'tool-call-start', index: 0, id: 'call_1', name: 'weather' },
          { type: 'tool-call-delta', index: 0, id: 'call_1', argumentsDelta: '{"city":' },
          { type: 'tool-call-delta', index: 0, id: 'call_1', argumentsDelta: '"Oslo"}' },
          { type: 'tool-call-start', index: 1, id: 'call_2', name: 'time' },
          {
            type: 'tool-call-end',
            index: 0,
            id: 'call_1',
            name: 'weather',
            arguments: '{"city":"Oslo"}',
          },
          { type: 'tool-call-end', index: 1, id: 'call_2', name: 'time', arguments: '' },
          { type: 'finish', reason: 'tool-calls', rawReason: 'stop' },
        ]),
        meta,
        [],
      ),
    );
    expect(parts.map((p) => p.type)).toEqual([
      'stream-start',
      'response-metadata',
      'text-start',
      'text-delta',
      'text-end',
      'tool-input-start',
      'tool-input-delta',
      'tool-input-delta',
      'tool-input-start',
      'tool-input-end',
      'tool-call',
      'tool-input-end',
      'tool-call',
      'finish',
    ]);
    expect(parts[10]).toEqual({
      type: 'tool-call',
      toolCallId: 'call_1',
      toolName: 'weather',
      input: '{"city":"Oslo"}',
    });
    // No arguments means an empty object.
    expect(parts[12]).toMatchObject({ type: 'tool-call', toolCallId: 'call_2', input: '{}' });
    expect(parts.at(-1)).toMatchObject({ finishReason: { unified: 'tool-calls', raw: 'stop' } });
  });

  it('uses a fresh block id when text resumes after reasoning', async () => {
    const parts = await collect(
      mapEventStream(
        source([
          { type: 'text-delta', text: 'a' },
          { type: 'reasoning-delta', text: 'b' },
          { type: 'text-delta', text: 'c' },
          { type: 'finish', reason: 'stop', rawReason: 'stop' },
        ]),
        meta,
        [],
      ),
    );
    const ids = parts.filter((p) => p.type.endsWith('-start') && p.type !== 'stream-start');
    expect(new Set(ids.map((p) => (p as { id: string }).id)).size).toBe(3);
    // Exactly one response-metadata even without a metadata event.
    expect(parts.filter((p) => p.type === 'response-metadata')).toHaveLength(1);
  });

  it('keeps partial output and finishes as interrupted with no error part', async () => {
    const parts = await collect(
      mapEventStream(
        source([
          { type: 'metadata', id: 'c' },
          { type: 'text-delta', text: 'partial' },
          {
            type: 'finish',
            reason: 'interrupted',
            rawReason: null,
            interruption: { cause: 'eof', message: 'ended early' },
          },
        ]),
        meta,
        [],
      ),
    );
    expect(parts.some((p) => p.type === 'error')).toBe(false);
    expect(parts.find((p) => p.type === 'text-delta')).toMatchObject({ delta: 'partial' });
    expect(parts.at(-2)).toMatchObject({ type: 'text-end' });
    expect(parts.at(-1)).toMatchObject({
      type: 'finish',
      finishReason: { unified: 'interrupted', raw: undefined },
      providerMetadata: { polargrid: { interruption: { cause: 'eof', message: 'ended early' } } },
    });
  });

  it('turns an in-stream error into a structured error part, then finish with error', async () => {
    const error = new StreamError({
      message: 'Model overloaded',
      serverCode: 'overloaded',
      type: 'server_error',
      region: 'yto-01',
      requestId: 'req_9',
      retryable: true,
    });
    const parts = await collect(
      mapEventStream(
        source([
          { type: 'text-delta', text: 'x' },
          { type: 'usage', usage },
          { type: 'error', error },
        ]),
        meta,
        [],
      ),
    );
    expect(parts.map((p) => p.type).slice(-4)).toEqual([
      'text-delta',
      'text-end',
      'error',
      'finish',
    ]);
    const errorPart = parts.at(-2) as { error: unknown };
    expect(isProviderStreamError(errorPart.error)).toBe(true);
    expect(errorPart.error).toMatchObject({
      message: 'Model overloaded',
      code: 'overloaded',
      type: 'server_error',
      isRetryable: true,
      data: { code: 'overloaded', type: 'server_error', region: 'yto-01', requestId: 'req_9' },
    });
    expect(parts.at(-1)).toMatchObject({
      finishReason: { unified: 'error' },
      usage: { inputTokens: { total: 10 } },
    });
  });

  it('turns a failing source into an error part, but passes aborts through as stream errors', async () => {
    const failed = await collect(
      mapEventStream(
        source(
          [{ type: 'text-delta', text: 'x' }],
          new NetworkError({ message: 'socket hang up' }),
        ),
        meta,
        [],
      ),
    );
    expect(failed.map((p) => p.type).slice(-2)).toEqual(['error', 'finish']);

    const abort = new AbortError({ message: 'Request aborted by the caller.', code: 'aborted' });
    await expect(
      collect(mapEventStream(source([{ type: 'text-delta', text: 'x' }], abort), meta, [])),
    ).rejects.toMatchObject({ name: 'AbortError' });
    await expect(
      collect(mapEventStream(source([{ type: 'error', error: abort }]), meta, [])),
    ).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('leaves usage out when reporting is turned off', async () => {
    const parts = await collect(
      mapEventStream(
        source([
          { type: 'usage', usage },
          { type: 'finish', reason: 'stop', rawReason: 'stop', usage },
        ]),
        meta,
        [],
        { reportUsage: false },
      ),
    );
    expect(parts.at(-1)).toMatchObject({
      usage: { inputTokens: { total: undefined }, outputTokens: { total: undefined } },
    });
  });

  it('passes raw events through as raw parts', async () => {
    const parts = await collect(
      mapEventStream(
        source([
          { type: 'raw', data: { id: 'c', choices: [] } },
          { type: 'finish', reason: 'stop', rawReason: 'stop' },
        ]),
        meta,
        [],
      ),
    );
    expect(parts).toContainEqual({ type: 'raw', rawValue: { id: 'c', choices: [] } });
  });

  it('cancelling the parts stream cancels the source', async () => {
    let cancelled: unknown;
    const events = new ReadableStream<ChatStreamEvent>({
      pull(c) {
        c.enqueue({ type: 'text-delta', text: 'x' });
      },
      cancel(reason) {
        cancelled = reason;
      },
    });
    const reader = mapEventStream(events, meta, []).getReader();
    await reader.read();
    await reader.cancel('stop');
    expect(cancelled).toBe('stop');
  });

  it('reports decoder warnings in the finish part’s provider metadata, not as text', async () => {
    const parts = await collect(
      mapEventStream(
        source([
          { type: 'metadata', id: 'c1', model: 'qwen-3.8-27b' },
          { type: 'text-delta', text: 'Hi' },
          {
            type: 'warning',
            code: 'ignored-choice',
            message: 'Choice 1 is not the answer.',
            data: { index: 1 },
          },
          { type: 'finish', reason: 'stop', rawReason: 'stop', usage },
        ]),
        meta,
        [],
        { reportUsage: true },
      ),
    );
    const text = parts.flatMap((p) => (p.type === 'text-delta' ? [p.delta] : [])).join('');
    expect(text).toBe('Hi');
    const finish = parts.at(-1);
    expect(finish?.type).toBe('finish');
    expect(finish?.type === 'finish' && finish.providerMetadata?.polargrid).toMatchObject({
      warnings: [{ code: 'ignored-choice', message: 'Choice 1 is not the answer.' }],
    });
  });
});
