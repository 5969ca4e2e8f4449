import { describe, expect, it } from 'vitest';
import type { ChatCompletion } from '../../types/chat-types.js';
import type { Completion } from '../../types/other-types.js';
import { chatResultOf, completionResultOf } from '../chat-result.js';
import { decodeChatStream } from '../chat-stream-decoder.js';
import { decodeCompletionStream } from '../completion-stream-decoder.js';
import type { ChatStreamEvent } from '../events.js';
import type { ChatDecodeOptions } from '../decode-options.js';
import { decodeChatCompletion, decodeCompletion } from '../whole-answer.js';
import { bodyOf, collect, sse } from './helpers.js';

/** A whole chat answer as `createChatCompletion` reads it: decoded into events, then folded. */
const wholeChat = (body: ChatCompletion, options?: Pick<ChatDecodeOptions, 'reasoningRequested'>) =>
  chatResultOf(decodeChatCompletion(body, options));
const wholeCompletion = (body: Completion) => completionResultOf(decodeCompletion(body));

function completion(
  message: Record<string, unknown>,
  finish: string | null = 'stop',
): ChatCompletion {
  return {
    id: 'chatcmpl-9',
    object: 'chat.completion',
    created: 1700000001,
    model: 'qwen-3.5-27b',
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: null, ...message },
        finish_reason: finish,
      },
    ],
    usage: { prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 },
  };
}

describe('wholeChat', () => {
  it('splits <think> out of content and drops the whitespace that frames it', () => {
    const result = wholeChat(completion({ content: '<think>why</think>\n\nBecause.' }));
    expect(result).toMatchObject({
      id: 'chatcmpl-9',
      model: 'qwen-3.5-27b',
      created: 1700000001,
      text: 'Because.',
      reasoning: 'why',
      toolCalls: [],
      finishReason: 'stop',
      rawFinishReason: 'stop',
    });
    expect(result.usage).toMatchObject({ promptTokens: 1, completionTokens: 2, totalTokens: 3 });
  });

  it('uses reasoning_content and reasoning fields', () => {
    expect(wholeChat(completion({ content: 'x', reasoning_content: 'rc' })).reasoning).toBe('rc');
    expect(wholeChat(completion({ content: 'x', reasoning: 'r' })).reasoning).toBe('r');
  });

  it('keeps tool calls, generates missing ids and reports tool-calls over stop', () => {
    const result = wholeChat(
      completion({
        tool_calls: [
          { id: 'call_a', type: 'function', function: { name: 'get', arguments: '{"a":1}' } },
          { type: 'function', function: { name: 'put', arguments: { b: 2 } } },
          { id: 42, type: 'function', function: { name: 'noargs' } },
        ],
      }),
    );
    expect(result.finishReason).toBe('tool-calls');
    expect(result.rawFinishReason).toBe('stop');
    expect(result.toolCalls[0]).toEqual({
      index: 0,
      id: 'call_a',
      name: 'get',
      arguments: '{"a":1}',
    });
    expect(result.toolCalls[1]).toMatchObject({ index: 1, name: 'put', arguments: '{"b":2}' });
    expect(result.toolCalls[1]?.id).toMatch(/^call_[a-z0-9]+$/);
    expect(result.toolCalls[2]).toEqual({ index: 2, id: '42', name: 'noargs', arguments: '' });
    expect(result.text).toBe('');
  });

  it('maps finish reasons and tolerates missing usage and choices', () => {
    expect(wholeChat(completion({ content: 'x' }, 'content_filter')).finishReason).toBe(
      'content-filter',
    );
    const bare = wholeChat({ choices: [] } as unknown as ChatCompletion);
    expect(bare).toMatchObject({
      text: '',
      reasoning: '',
      finishReason: 'other',
      rawFinishReason: null,
    });
    expect(bare.usage).toBeUndefined();
  });
});

describe('wholeCompletion', () => {
  it('reads choices[0].text, finish reason and usage', () => {
    const c: Completion = {
      id: 'cmpl-1',
      object: 'text_completion',
      created: 5,
      model: 'm',
      choices: [{ index: 0, text: 'once upon', finish_reason: 'length' }],
      usage: { prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 },
    };
    expect(wholeCompletion(c)).toMatchObject({
      id: 'cmpl-1',
      text: 'once upon',
      finishReason: 'length',
      rawFinishReason: 'length',
      usage: { totalTokens: 3 },
    });
  });

  it('a refusal is the text and finishes as content-filter; repeated tool-call ids are made unique', () => {
    const refused = wholeChat(completion({ content: null, refusal: 'I cannot help with that.' }));
    expect(refused).toMatchObject({
      text: 'I cannot help with that.',
      finishReason: 'content-filter',
    });
    const calls = wholeChat(
      completion({
        content: null,
        tool_calls: [
          { id: 'dup', type: 'function', function: { name: 'a', arguments: '{}' } },
          { id: 'dup', type: 'function', function: { name: 'b', arguments: '{}' } },
        ],
      }),
    ).toolCalls;
    expect(calls[0]?.id).toBe('dup');
    expect(new Set(calls.map((c) => c.id)).size).toBe(2);
  });
});

describe('wholeChat: content parts, choices and <think> placement', () => {
  it('reads array content (thinking and text parts) in order, and warns about unknown parts', () => {
    const result = wholeChat(
      completion({
        content: [
          { type: 'thinking', thinking: [{ type: 'text', text: '17 x 23' }] },
          { type: 'text', text: '3' },
          { type: 'image_url', image_url: { url: 'https://img.example/a.png' } },
          { type: 'text', text: '91' },
        ],
      }),
    );
    expect(result).toMatchObject({ text: '391', reasoning: '17 x 23' });
    expect(result.warnings).toEqual([
      {
        code: 'unsupported-content',
        message: expect.any(String),
        data: { type: 'image_url', image_url: { url: 'https://img.example/a.png' } },
      },
    ]);
    expect(wholeChat(completion({ content: 'plain' })).warnings).toEqual([]);
  });

  it('reads only choice 0 and reports the others', () => {
    const body = completion({ content: 'zero' });
    body.choices.unshift({
      index: 1,
      message: { role: 'assistant', content: 'one' },
      finish_reason: 'length',
    });
    const result = wholeChat(body);
    expect(result).toMatchObject({ text: 'zero', finishReason: 'stop' });
    expect(result.warnings).toMatchObject([{ code: 'ignored-choice' }]);
  });

  it('splits <think> only at the start, or anywhere when reasoning was requested', () => {
    const later = completion({ content: 'Use <think>x</think> here.' });
    expect(wholeChat(later)).toMatchObject({
      text: 'Use <think>x</think> here.',
      reasoning: '',
    });
    expect(wholeChat(later, { reasoningRequested: true })).toMatchObject({
      text: 'Use here.',
      reasoning: 'x',
    });
  });
});

/** Consecutive text, reasoning and argument deltas joined: a stream cuts them anywhere. */
function joined(events: ChatStreamEvent[]): ChatStreamEvent[] {
  const out: ChatStreamEvent[] = [];
  for (const event of events) {
    const prev = out.at(-1);
    if (
      (event.type === 'text-delta' || event.type === 'reasoning-delta') &&
      prev?.type === event.type
    ) {
      out[out.length - 1] = { ...prev, text: prev.text + event.text };
    } else if (event.type === 'tool-call-delta' && prev?.type === 'tool-call-delta') {
      out[out.length - 1] = { ...prev, argumentsDelta: prev.argumentsDelta + event.argumentsDelta };
    } else {
      out.push(event);
    }
  }
  return out;
}

describe('a whole answer is a fold of its stream', () => {
  it('decodes to the events the stream of the same answer decodes to', async () => {
    const whole = completion(
      {
        content: [
          { type: 'thinking', thinking: 'Oslo, so a lookup.' },
          { type: 'text', text: 'Checking the weather. ' },
          { type: 'input_audio', input_audio: {} },
        ],
        refusal: 'Not the forecast, though.',
        tool_calls: [
          {
            id: 'call_1',
            type: 'function',
            function: { name: 'weather', arguments: '{"city":"Oslo"}' },
          },
        ],
      },
      'tool_calls',
    );
    whole.choices.push({
      index: 1,
      message: { role: 'assistant', content: 'another answer' },
      finish_reason: 'stop',
    });
    const { id, created, model, usage } = whole;
    const head = { id, created, model, object: 'chat.completion.chunk' };
    const streamed = [
      {
        ...head,
        choices: [
          {
            index: 0,
            delta: { role: 'assistant', content: [{ type: 'thinking', thinking: 'Oslo, ' }] },
          },
        ],
      },
      {
        ...head,
        choices: [
          {
            index: 0,
            delta: {
              content: [
                { type: 'thinking', thinking: 'so a lookup.' },
                { type: 'text', text: 'Checking the ' },
              ],
            },
          },
        ],
      },
      {
        ...head,
        choices: [
          {
            index: 0,
            delta: {
              content: [
                { type: 'text', text: 'weather. ' },
                { type: 'input_audio', input_audio: {} },
              ],
            },
          },
        ],
      },
      { ...head, choices: [{ index: 0, delta: { refusal: 'Not the forecast, though.' } }] },
      {
        ...head,
        choices: [
          {
            index: 0,
            delta: {
              tool_calls: [
                {
                  index: 0,
                  id: 'call_1',
                  type: 'function',
                  function: { name: 'weather', arguments: '{"city":' },
                },
              ],
            },
          },
        ],
      },
      {
        ...head,
        choices: [
          {
            index: 0,
            delta: { tool_calls: [{ index: 0, function: { arguments: '"Oslo"}' } }] },
            finish_reason: 'tool_calls',
          },
        ],
      },
      {
        ...head,
        choices: [
          {
            index: 1,
            delta: { role: 'assistant', content: 'another answer' },
            finish_reason: 'stop',
          },
        ],
      },
      { ...head, choices: [], usage },
    ];
    const fromStream = await collect(decodeChatStream(bodyOf([sse(...streamed, '[DONE]')])));
    const fromWhole = decodeChatCompletion(whole);
    expect(joined(fromWhole)).toEqual(joined(fromStream));
    expect(fromWhole.map((e) => e.type)).toEqual([
      'metadata',
      'reasoning-delta',
      'text-delta',
      'warning', // the input_audio part
      'text-delta', // the refusal is what the user sees
      'tool-call-start',
      'tool-call-delta',
      'warning', // choice 1
      'usage',
      'tool-call-end',
      'finish',
    ]);
    expect(chatResultOf(fromWhole)).toMatchObject({
      text: 'Checking the weather. Not the forecast, though.',
      reasoning: 'Oslo, so a lookup.',
      toolCalls: [{ id: 'call_1', name: 'weather', arguments: '{"city":"Oslo"}' }],
      finishReason: 'tool-calls',
      warnings: [{ code: 'unsupported-content' }, { code: 'ignored-choice' }],
    });
  });

  it('a text completion decodes like its stream, and folding an error event throws it', async () => {
    const whole: Completion = {
      id: 'cmpl-1',
      object: 'text_completion',
      created: 1,
      model: 'm',
      choices: [{ index: 0, text: 'once upon', finish_reason: 'length' }],
    };
    const streamed = [
      { ...whole, choices: [{ index: 0, text: 'once ', finish_reason: null }] },
      { ...whole, choices: [{ index: 0, text: 'upon', finish_reason: 'length' }] },
    ];
    const fromStream = await collect(decodeCompletionStream(bodyOf([sse(...streamed, '[DONE]')])));
    expect(joined(decodeCompletion(whole))).toEqual(joined(fromStream));
    const failed = await collect(
      decodeChatStream(bodyOf([sse({ error: { message: 'overloaded' } })])),
    );
    expect(() => chatResultOf(failed)).toThrow(expect.objectContaining({ name: 'StreamError' }));
    // Without a finish event, the fold says so rather than guessing a reason.
    expect(chatResultOf([]).finishReason).toBe('interrupted');
  });
});
