import { describe, expect, it } from 'vitest';
import type { ChatCompletion } from '../../types/chat-types.js';
import type { Completion } from '../../types/other-types.js';
import { normalizeChatCompletion, normalizeCompletion } from '../normalize.js';

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

describe('normalizeChatCompletion', () => {
  it('splits <think> out of content and drops the whitespace that frames it', () => {
    const result = normalizeChatCompletion(
      completion({ content: '<think>why</think>\n\nBecause.' }),
    );
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
    expect(
      normalizeChatCompletion(completion({ content: 'x', reasoning_content: 'rc' })).reasoning,
    ).toBe('rc');
    expect(normalizeChatCompletion(completion({ content: 'x', reasoning: 'r' })).reasoning).toBe(
      'r',
    );
  });

  it('keeps tool calls, generates missing ids and reports tool-calls over stop', () => {
    const result = normalizeChatCompletion(
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
    expect(
      normalizeChatCompletion(completion({ content: 'x' }, 'content_filter')).finishReason,
    ).toBe('content-filter');
    const bare = normalizeChatCompletion({ choices: [] } as unknown as ChatCompletion);
    expect(bare).toMatchObject({
      text: '',
      reasoning: '',
      finishReason: 'other',
      rawFinishReason: null,
    });
    expect(bare.usage).toBeUndefined();
  });
});

describe('normalizeCompletion', () => {
  it('reads choices[0].text, finish reason and usage', () => {
    const c: Completion = {
      id: 'cmpl-1',
      object: 'text_completion',
      created: 5,
      model: 'm',
      choices: [{ index: 0, text: 'once upon', finish_reason: 'length' }],
      usage: { prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 },
    };
    expect(normalizeCompletion(c)).toMatchObject({
      id: 'cmpl-1',
      text: 'once upon',
      finishReason: 'length',
      rawFinishReason: 'length',
      usage: { totalTokens: 3 },
    });
  });

  it('a refusal is the text and finishes as content-filter; repeated tool-call ids are made unique', () => {
    const refused = normalizeChatCompletion(
      completion({ content: null, refusal: 'I cannot help with that.' }),
    );
    expect(refused).toMatchObject({
      text: 'I cannot help with that.',
      finishReason: 'content-filter',
    });
    const calls = normalizeChatCompletion(
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

describe('normalizeChatCompletion: content parts, choices and <think> placement', () => {
  it('reads array content (thinking and text parts) in order, and warns about unknown parts', () => {
    const result = normalizeChatCompletion(
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
    expect(normalizeChatCompletion(completion({ content: 'plain' })).warnings).toEqual([]);
  });

  it('reads only choice 0 and reports the others', () => {
    const body = completion({ content: 'zero' });
    body.choices.unshift({
      index: 1,
      message: { role: 'assistant', content: 'one' },
      finish_reason: 'length',
    });
    const result = normalizeChatCompletion(body);
    expect(result).toMatchObject({ text: 'zero', finishReason: 'stop' });
    expect(result.warnings).toMatchObject([{ code: 'ignored-choice' }]);
  });

  it('splits <think> only at the start, or anywhere when reasoning was requested', () => {
    const later = completion({ content: 'Use <think>x</think> here.' });
    expect(normalizeChatCompletion(later)).toMatchObject({
      text: 'Use <think>x</think> here.',
      reasoning: '',
    });
    expect(normalizeChatCompletion(later, { reasoningRequested: true })).toMatchObject({
      text: 'Use here.',
      reasoning: 'x',
    });
  });
});
