import { describe, expect, it } from 'vitest';
import { decodeCompletionStream } from '../completion-stream-decoder.js';
import { bodyOf, collect, last, sse } from './helpers.js';

const piece = (text: string, finish: string | null = null) => ({
  id: 'cmpl-1',
  object: 'text_completion',
  created: 9,
  model: 'm',
  choices: [{ index: 0, text, finish_reason: finish }],
});

describe('decodeCompletionStream', () => {
  it('emits metadata, text from choices[0].text (think tags untouched), usage and finish', async () => {
    const events = await collect(
      decodeCompletionStream(
        bodyOf([
          sse(
            piece('Once <think>'),
            piece(' upon', 'length'),
            { choices: [], usage: { total_tokens: 4 } },
            '[DONE]',
          ),
        ]),
      ),
    );
    expect(events.map((e) => e.type)).toEqual([
      'metadata',
      'text-delta',
      'text-delta',
      'usage',
      'finish',
    ]);
    expect(events.map((e) => (e.type === 'text-delta' ? e.text : '')).join('')).toBe(
      'Once <think> upon',
    );
    expect(last(events)).toMatchObject({
      type: 'finish',
      reason: 'length',
      usage: { totalTokens: 4 },
    });
  });

  it('ignores chat-only fields and reports interruption like chat', async () => {
    const events = await collect(
      decodeCompletionStream(
        bodyOf([sse({ choices: [{ text: 'a', delta: { tool_calls: [{ index: 0 }] } }] })]),
      ),
    );
    expect(events.map((e) => e.type)).toEqual(['metadata', 'text-delta', 'finish']);
    expect(last(events)).toMatchObject({ reason: 'interrupted', interruption: { cause: 'eof' } });
  });
});
