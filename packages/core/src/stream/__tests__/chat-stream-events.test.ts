import { describe, expect, it } from 'vitest';
import { StreamError } from '../../errors/error-classes.js';
import { decodeChatStream } from '../chat-stream-decoder.js';
import type { ChatStreamEvent, ErrorEvent, FinishEvent, ServerTimingsEvent } from '../events.js';
import { bodyOf, chunk, collect, last, sse, textOf } from './helpers.js';

const decode = (pieces: string[], options?: Parameters<typeof decodeChatStream>[1]) =>
  collect(decodeChatStream(bodyOf(pieces), options));

function toolDelta(call: Record<string, unknown>, finish: string | null = null): unknown {
  return chunk({ tool_calls: [call] }, finish);
}

describe('decodeChatStream: pg_metadata', () => {
  const timings = { inference_ttft_ms: 12.5, inference_total_ms: 80 };

  it.each([
    ['named event', `event: pg_metadata\ndata: ${JSON.stringify(timings)}\n\n`],
    ['nested data line', sse({ pg_metadata: timings })],
    ['object-tagged data line', sse({ object: 'pg_metadata', ...timings })],
    ['bare timings data line', sse(timings)],
  ])('surfaces timings from a %s', async (_name, metadataText) => {
    const events = await decode([
      sse(chunk({ content: 'hi' }, 'stop')),
      metadataText,
      sse('[DONE]'),
    ]);
    const event = events.find((e) => e.type === 'server-timings') as ServerTimingsEvent;
    expect(event.timings).toMatchObject({ inferenceTtftMs: 12.5, inferenceTotalMs: 80 });
    expect(event.timings.raw).toMatchObject(timings);
    expect((last(events) as FinishEvent).timings).toBe(event.timings);
    expect(textOf(events)).toBe('hi');
  });

  it('reads a pg_metadata event that follows [DONE]', async () => {
    const events = await decode([
      sse(chunk({ content: 'a' }, 'stop'), '[DONE]'),
      sse({ pg_metadata: timings }),
    ]);
    expect((last(events) as FinishEvent).timings?.inferenceTotalMs).toBe(80);
  });

  it('holds timings that arrive before the first chunk until after metadata', async () => {
    const events = await decode([sse(timings, chunk({ content: 'a' }, 'stop'), '[DONE]')]);
    expect(events.map((e) => e.type)).toEqual([
      'metadata',
      'server-timings',
      'text-delta',
      'finish',
    ]);
    expect(events[0]).toMatchObject({ id: 'chatcmpl-1' });
  });
});

describe('decodeChatStream: in-stream errors', () => {
  it('ends with a StreamError keeping message, code and type, after the partial text', async () => {
    const body = bodyOf(
      [
        sse(
          chunk({ content: 'part' }),
          { error: { message: 'Upstream overloaded', code: 'overloaded', type: 'server_error' } },
          chunk({ content: 'never' }),
        ),
      ],
      { hang: true },
    );
    const events = await collect(
      decodeChatStream(body, {
        region: 'yyz-01',
        requestId: 'req-1',
        headers: { 'x-request-id': 'req-1' },
      }),
    );
    expect(textOf(events)).toBe('part');
    const event = last(events) as ErrorEvent;
    expect(event.type).toBe('error');
    expect(event.error).toBeInstanceOf(StreamError);
    expect(event.error).toMatchObject({
      message: 'Upstream overloaded',
      code: 'overloaded',
      type: 'server_error',
      region: 'yyz-01',
      requestId: 'req-1',
      retryable: true,
      status: undefined,
    });
    expect(event.error.headers).toEqual({ 'x-request-id': 'req-1' });
    expect(events.filter((e) => e.type === 'finish')).toHaveLength(0);
    await expect(body.cancelled).resolves.toBeUndefined();
  });

  it('stringifies numeric codes, tolerates a null code and is not retryable for client errors', async () => {
    const numeric = last(
      await decode([sse({ error: { message: 'bad', code: 400 } })]),
    ) as ErrorEvent;
    expect(numeric.error).toMatchObject({ code: '400', retryable: false });
    const rate = last(
      await decode([sse({ error: { message: 'slow down', code: 429 } })]),
    ) as ErrorEvent;
    expect(rate.error.retryable).toBe(true);
    const nul = last(
      await decode([sse({ error: { message: 'boom', code: null, type: null } })]),
    ) as ErrorEvent;
    expect(nul.error).toMatchObject({
      message: 'boom',
      code: undefined,
      type: undefined,
      retryable: false,
    });
    const plain = last(await decode([sse({ error: 'just text' })])) as ErrorEvent;
    expect(plain.error.message).toBe('just text');
  });

  it('treats a named error event with plain-text data as terminal', async () => {
    const events = await decode([
      sse(chunk({ content: 'a' })),
      'event: error\ndata: upstream went away\n\n',
    ]);
    expect(last(events)).toMatchObject({
      type: 'error',
      error: { name: 'StreamError', message: 'upstream went away' },
    });
  });

  it('treats a named error event as terminal', async () => {
    const events = await decode([
      sse(chunk({ content: 'a' })),
      'event: error\ndata: {"message":"rate limited","type":"rate_limit_error"}\n\n',
    ]);
    expect(last(events)).toMatchObject({
      type: 'error',
      error: { message: 'rate limited', retryable: true },
    });
  });
});

describe('decodeChatStream: choices', () => {
  it('reads only choice 0 when several are sent', async () => {
    const both = {
      id: 'x',
      choices: [
        { index: 1, delta: { content: 'other' }, finish_reason: 'length' },
        { index: 0, delta: { content: 'mine' }, finish_reason: 'stop' },
      ],
    };
    const events = await decode([sse(both, '[DONE]')]);
    expect(textOf(events)).toBe('mine');
    expect(last(events)).toMatchObject({ reason: 'stop' });
  });
});

describe('decodeChatStream: tool calls', () => {
  it('assembles fragments into start → delta* → end, ends after content, finish tool-calls', async () => {
    const events = await decode([
      sse(
        chunk({ role: 'assistant', content: 'Let me check.' }),
        toolDelta({
          index: 0,
          id: 'call_1',
          type: 'function',
          function: { name: 'weather', arguments: '' },
        }),
        toolDelta({ index: 0, function: { arguments: '{"city":' } }),
        toolDelta({ index: 1, id: 'call_2', function: { name: 'time', arguments: '{}' } }),
        toolDelta({ index: 0, function: { arguments: '"Oslo"}' } }),
        chunk({}, 'stop'),
        '[DONE]',
      ),
    ]);
    const tools = events.filter((e) => e.type.startsWith('tool-call'));
    expect(tools).toEqual([
      { type: 'tool-call-start', index: 0, id: 'call_1', name: 'weather' },
      { type: 'tool-call-delta', index: 0, id: 'call_1', argumentsDelta: '{"city":' },
      { type: 'tool-call-start', index: 1, id: 'call_2', name: 'time' },
      { type: 'tool-call-delta', index: 1, id: 'call_2', argumentsDelta: '{}' },
      { type: 'tool-call-delta', index: 0, id: 'call_1', argumentsDelta: '"Oslo"}' },
      {
        type: 'tool-call-end',
        index: 0,
        id: 'call_1',
        name: 'weather',
        arguments: '{"city":"Oslo"}',
      },
      { type: 'tool-call-end', index: 1, id: 'call_2', name: 'time', arguments: '{}' },
    ]);
    const types = events.map((e) => e.type);
    expect(types.indexOf('tool-call-end')).toBeGreaterThan(types.lastIndexOf('tool-call-delta'));
    expect(last(events)).toMatchObject({ type: 'finish', reason: 'tool-calls', rawReason: 'stop' });
  });

  it('buffers arguments until a late name, generates ids and stringifies numeric ones', async () => {
    const events = await decode([
      sse(
        toolDelta({ index: 0, function: { arguments: '{"a"' } }),
        toolDelta({ index: 0, function: { name: 'late', arguments: ':1}' } }),
        toolDelta({ id: 7, function: { name: 'numeric' } }),
        '[DONE]',
      ),
    ]);
    const tools = events.filter((e) => e.type.startsWith('tool-call')) as Array<
      Extract<ChatStreamEvent, { type: `tool-call-${string}` }>
    >;
    const generated = tools[0]?.id as string;
    expect(generated).toMatch(/^call_[a-z0-9]+$/);
    expect(tools).toEqual([
      { type: 'tool-call-start', index: 0, id: generated, name: 'late' },
      // Arguments buffered before the name (including the naming delta's own) come as one delta.
      { type: 'tool-call-delta', index: 0, id: generated, argumentsDelta: '{"a":1}' },
      { type: 'tool-call-start', index: 1, id: '7', name: 'numeric' },
      { type: 'tool-call-end', index: 0, id: generated, name: 'late', arguments: '{"a":1}' },
      { type: 'tool-call-end', index: 1, id: '7', name: 'numeric', arguments: '' },
    ]);
    expect(last(events)).toMatchObject({ type: 'finish', reason: 'tool-calls', rawReason: null });
  });

  it('ends a call whose name never arrived with name "" and keeps its arguments', async () => {
    const events = await decode([
      sse(toolDelta({ index: 0, id: 'c', function: { name: '  ', arguments: '{}' } }), '[DONE]'),
    ]);
    expect(events.filter((e) => e.type.startsWith('tool-call'))).toEqual([
      { type: 'tool-call-start', index: 0, id: 'c', name: '' },
      { type: 'tool-call-delta', index: 0, id: 'c', argumentsDelta: '{}' },
      { type: 'tool-call-end', index: 0, id: 'c', name: '', arguments: '{}' },
    ]);
  });

  it('ends open tool calls before an interrupted finish', async () => {
    const events = await decode([
      sse(toolDelta({ index: 0, id: 'c', function: { name: 'f', arguments: '{"x' } })),
    ]);
    expect(events.slice(-2).map((e) => e.type)).toEqual(['tool-call-end', 'finish']);
    expect(last(events)).toMatchObject({ reason: 'interrupted', interruption: { cause: 'eof' } });
  });
});

describe('decodeChatStream: refusals and repeated tool-call ids', () => {
  it('a streamed refusal is text, and the finish is content-filter rather than stop', async () => {
    const events = await decode([
      sse(chunk({ role: 'assistant', refusal: "I can't " }), chunk({ refusal: 'help with that.' })),
      sse(chunk({}, 'stop'), '[DONE]'),
    ]);
    expect(textOf(events)).toBe("I can't help with that.");
    expect(last(events)).toMatchObject({
      type: 'finish',
      reason: 'content-filter',
      rawReason: 'stop',
    });
  });

  it('parallel calls that share a server id get distinct ids, consistently across their events', async () => {
    const events = await decode([
      sse(
        toolDelta({ index: 0, id: 'call_same', function: { name: 'a', arguments: '{}' } }),
        toolDelta({ index: 1, id: 'call_same', function: { name: 'b', arguments: '{}' } }),
        chunk({}, 'tool_calls'),
        '[DONE]',
      ),
    ]);
    const starts = events.filter((e) => e.type === 'tool-call-start');
    const ends = events.filter((e) => e.type === 'tool-call-end');
    expect(starts.map((e) => e.id)[0]).toBe('call_same');
    expect(new Set(starts.map((e) => e.id)).size).toBe(2);
    expect(ends.map((e) => e.id)).toEqual(starts.map((e) => e.id));
  });
});

describe('decodeChatStream: prototype keys from the wire', () => {
  it('drops __proto__ and constructor keys from payloads, raw events included', async () => {
    const events = await decode(
      [
        sse(
          '{"__proto__":{"polluted":true},"id":"c1","choices":[{"index":0,"delta":{"content":"hi","constructor":{"x":1}},"finish_reason":null}]}',
          chunk({}, 'stop'),
          '[DONE]',
        ),
      ],
      { includeRaw: true },
    );
    const raw = events.filter((e) => e.type === 'raw').map((e) => e.data as object);
    expect(raw.every((r) => !Object.hasOwn(r, '__proto__'))).toBe(true);
    expect(JSON.stringify(raw[0])).not.toContain('polluted');
    expect(textOf(events)).toBe('hi');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('decodeChatStream: nothing dropped without a word', () => {
  it('warns once about payloads that are not chunks, after metadata, and decodes the rest', async () => {
    const events = await decode([
      'data: not json\n\n',
      sse(
        { hello: 'world' },
        chunk({ content: 'a' }),
        'still not json',
        chunk({}, 'stop'),
        '[DONE]',
      ),
    ]);
    expect(events.map((e) => e.type)).toEqual(['metadata', 'warning', 'text-delta', 'finish']);
    expect(events[1]).toMatchObject({
      type: 'warning',
      code: 'unrecognized-event',
      data: 'not json',
    });
  });

  it('a lone choice with another index is not the answer', async () => {
    const events = await decode([
      sse({ id: 'x', choices: [{ index: 1, delta: { content: 'other' }, finish_reason: 'stop' }] }),
      sse(chunk({ content: 'mine' }, 'stop'), '[DONE]'),
    ]);
    expect(textOf(events)).toBe('mine');
    expect(events.filter((e) => e.type === 'warning')).toMatchObject([{ code: 'ignored-choice' }]);
  });

  it('warns about content of an unknown shape (not a string, not parts)', async () => {
    const events = await decode([sse(chunk({ content: { text: 'hidden' } }, 'stop'), '[DONE]')]);
    expect(events.find((e) => e.type === 'warning')).toMatchObject({
      code: 'unsupported-content',
      data: { text: 'hidden' },
    });
    expect(last(events)).toMatchObject({ type: 'finish', reason: 'stop' });
  });

  it('reads reasoning given as text parts and keeps part order within a delta', async () => {
    const events = await decode([
      sse(
        chunk({ reasoning_content: [{ type: 'text', text: 'r1' }] }),
        chunk({
          content: [
            { type: 'text', text: 'a' },
            { type: 'thinking', thinking: 'r2' },
            { type: 'text', text: 'b' },
          ],
        }),
        '[DONE]',
      ),
    ]);
    expect(
      events
        .filter((e) => e.type === 'text-delta' || e.type === 'reasoning-delta')
        .map((e) => `${e.type[0]}:${(e as { text: string }).text}`),
    ).toEqual(['r:r1', 't:a', 'r:r2', 't:b']);
  });
});
