import { describe, expect, it } from 'vitest';
import { decodeChatStream } from '../chat-stream-decoder.js';
import type { ChatStreamEvent, FinishEvent } from '../events.js';
import { bodyOf, chunk, collect, last, reasoningOf, sse, textOf } from './helpers.js';

const decode = (pieces: string[], end?: { error?: unknown }) =>
  collect(decodeChatStream(bodyOf(pieces, end)));

const usageChunk = {
  id: 'chatcmpl-1',
  choices: [],
  usage: {
    prompt_tokens: 5,
    completion_tokens: 7,
    total_tokens: 12,
    completion_tokens_details: { reasoning_tokens: 3 },
    prompt_tokens_details: { cached_tokens: 2 },
  },
};

describe('decodeChatStream: basics', () => {
  it('emits metadata, text deltas and a final finish with usage', async () => {
    const events = await decode([
      sse(
        chunk({ role: 'assistant', content: '' }),
        chunk({ content: 'Hello' }),
        chunk({ content: ', world' }),
        chunk({}, 'stop'),
        usageChunk,
        '[DONE]',
      ),
    ]);
    expect(events[0]).toEqual({
      type: 'metadata',
      id: 'chatcmpl-1',
      model: 'qwen-3.5-9b',
      created: 1700000000,
    });
    expect(textOf(events)).toBe('Hello, world');
    const types = events.map((e) => e.type);
    expect(types).toEqual(['metadata', 'text-delta', 'text-delta', 'usage', 'finish']);
    const finish = last(events) as FinishEvent;
    expect(finish.reason).toBe('stop');
    expect(finish.rawReason).toBe('stop');
    expect(finish.usage).toEqual({
      promptTokens: 5,
      completionTokens: 7,
      totalTokens: 12,
      reasoningTokens: 3,
      cachedPromptTokens: 2,
      raw: usageChunk.usage,
    });
    expect(finish.usage).toBe((events[3] as { usage: unknown }).usage);
    expect(finish.interruption).toBeUndefined();
  });

  it('accepts a usage chunk without choices', async () => {
    const { choices: _omit, ...noChoices } = usageChunk;
    const events = await decode([sse(chunk({ content: 'a' }, 'stop'), noChoices, '[DONE]')]);
    expect((last(events) as FinishEvent).usage?.totalTokens).toBe(12);
  });

  it('finishes with "other" when [DONE] arrives without a finish reason', async () => {
    const events = await decode([sse(chunk({ content: 'a' }), '[DONE]')]);
    expect(last(events)).toMatchObject({ type: 'finish', reason: 'other', rawReason: null });
  });

  it('finishes normally when a finish reason arrived but no [DONE]', async () => {
    const events = await decode([sse(chunk({ content: 'a' }, 'length'))]);
    expect(last(events)).toMatchObject({ type: 'finish', reason: 'length', rawReason: 'length' });
    expect((last(events) as FinishEvent).interruption).toBeUndefined();
  });

  it('reports an EOF before any finish reason as interrupted, after the partial output', async () => {
    const events = await decode([sse(chunk({ content: 'partial' }))]);
    expect(textOf(events)).toBe('partial');
    expect(last(events)).toMatchObject({
      type: 'finish',
      reason: 'interrupted',
      rawReason: null,
      interruption: { cause: 'eof' },
    });
  });

  it('reports a body read error as a network interruption, never a rejection', async () => {
    const events = await decode([sse(chunk({ content: 'par' }))], {
      error: new TypeError('terminated', { cause: new Error('other side closed') }),
    });
    expect(textOf(events)).toBe('par');
    const finish = last(events) as FinishEvent;
    expect(finish.reason).toBe('interrupted');
    expect(finish.interruption).toEqual({
      cause: 'network',
      message: 'terminated: other side closed',
    });
  });

  it('ignores comments, unknown events, non-JSON and non-chunk lines', async () => {
    const events = await decode([
      ': keep-alive\n\n',
      'event: ping\ndata: hello\n\n',
      sse(chunk({ content: 'a' }), 'not json', '{"broken": ', { hello: 'world' }, [1, 2]),
      'retry: 1000\nid: 7\n\n',
      sse(chunk({ content: 'b' }, 'stop'), '[DONE]'),
    ]);
    expect(textOf(events)).toBe('ab');
    expect(last(events)).toMatchObject({ type: 'finish', reason: 'stop' });
  });

  it('emits raw events only when includeRaw is set', async () => {
    const body = sse(chunk({ content: 'a' }), '[DONE]');
    const without = await decode([body]);
    expect(without.some((e) => e.type === 'raw')).toBe(false);
    const withRaw = await collect(decodeChatStream(bodyOf([body]), { includeRaw: true }));
    expect(
      withRaw.filter((e) => e.type === 'raw').map((e) => (e as { data: unknown }).data),
    ).toEqual([chunk({ content: 'a' })]);
  });

  it('dispatches a last event that lacks its blank line, even after a lone CR', async () => {
    const crOnly = await decode([
      `data: ${JSON.stringify(chunk({ content: 'y' }))}\r\rdata: [DONE]\r`,
    ]);
    expect(last(crOnly)).toMatchObject({ type: 'finish', reason: 'other' });
    const noBlank = await decode([
      `data: ${JSON.stringify(chunk({ content: 'z' }))}\n\ndata: [DONE]\n`,
    ]);
    expect(last(noBlank)).toMatchObject({ type: 'finish', reason: 'other' });
  });

  it('handles CRLF framing and a final event without a trailing blank line', async () => {
    const text = `data: ${JSON.stringify(chunk({ content: 'x' }, 'stop'))}\r\n\r\ndata: [DONE]`;
    const events = await decode([text]);
    expect(textOf(events)).toBe('x');
    expect(last(events)).toMatchObject({ type: 'finish', reason: 'stop' });
  });
});

describe('decodeChatStream: reasoning', () => {
  const splitTags = sse(
    chunk({ content: 'Pre <th' }),
    chunk({ content: 'ink>plan' }),
    chunk({ content: ' more</thi' }),
    chunk({ content: 'nk>\nAnswer' }),
    chunk({}, 'stop'),
    '[DONE]',
  );

  it('splits <think> across chunks, including split tags (reasoning requested)', async () => {
    const events = await collect(
      decodeChatStream(bodyOf([splitTags]), { reasoningRequested: true }),
    );
    expect(textOf(events)).toBe('Pre Answer');
    expect(reasoningOf(events)).toBe('plan more');
  });

  it('keeps a literal <think> after answer text as text when reasoning was not requested', async () => {
    const events = await decode([splitTags]);
    expect(textOf(events)).toBe('Pre <think>plan more</think>\nAnswer');
    expect(reasoningOf(events)).toBe('');
    const leading = await decode([
      sse(chunk({ content: '\n<thi' }), chunk({ content: 'nk>plan</think>A' }), '[DONE]'),
    ]);
    expect(reasoningOf(leading)).toBe('plan');
    expect(textOf(leading)).toBe('\nA');
  });

  it('uses reasoning_content and reasoning fields', async () => {
    const events = await decode([
      sse(
        chunk({ reasoning_content: 'r1' }),
        chunk({ reasoning: 'r2' }),
        chunk({ content: 'done' }, 'stop'),
      ),
    ]);
    expect(reasoningOf(events)).toBe('r1r2');
    expect(textOf(events)).toBe('done');
  });

  it('keeps reasoning until the end when </think> never comes', async () => {
    const events = await decode([
      sse(chunk({ content: '<think>still thin' }), chunk({}, 'length')),
    ]);
    expect(reasoningOf(events)).toBe('still thin');
    expect(textOf(events)).toBe('');
  });

  it('does not swallow text that merely contains <', async () => {
    const events = await decode([
      sse(
        chunk({ content: 'a < b and <t' }),
        chunk({ content: 'able>' }),
        chunk({ content: ' x <' }),
        '[DONE]',
      ),
    ]);
    expect(textOf(events)).toBe('a < b and <table> x <');
  });
});

describe('decodeChatStream: order', () => {
  it('emits metadata before content even when the first chunk lacks an id', async () => {
    const events = await decode([sse({ choices: [{ delta: { content: 'a' } }] }, '[DONE]')]);
    expect(events.map((e) => e.type)).toEqual(['metadata', 'text-delta', 'finish']);
  });

  it('always ends with exactly one terminal event', async () => {
    const events: ChatStreamEvent[] = await decode([
      sse(
        chunk({ content: 'a' }, 'stop'),
        usageChunk,
        { pg_metadata: { inference_ttft_ms: 3 } },
        '[DONE]',
      ),
    ]);
    const terminals = events.filter((e) => e.type === 'finish' || e.type === 'error');
    expect(terminals).toHaveLength(1);
    expect(last(events)).toBe(terminals[0]);
    expect((last(events) as FinishEvent).timings?.inferenceTtftMs).toBe(3);
  });
});
