import { describe, expect, it } from 'vitest';
import { SentenceSplitter, splitSentences } from '../src/voice/sentence-splitter.js';

/** Feeds `text` one character at a time, as the most fragmented LLM stream would. */
function splitByCharacter(text: string, maxChars?: number): string[] {
  const splitter = new SentenceSplitter(maxChars);
  const out: string[] = [];
  for (const ch of text) out.push(...splitter.push(ch));
  const last = splitter.flush();
  if (last !== undefined) out.push(last);
  return out;
}

describe('sentence splitter', () => {
  it('cuts after . ! ? … followed by whitespace, and at newlines', () => {
    const text = 'Hello there. How are you? Great! Well… maybe.\nNew line here';
    const expected = ['Hello there.', 'How are you?', 'Great!', 'Well…', 'maybe.', 'New line here'];
    expect(splitSentences(text)).toEqual(expected);
    expect(splitByCharacter(text)).toEqual(expected);
  });

  it('does not cut inside numbers, and waits for what follows a final terminator', () => {
    expect(splitSentences('Pi is 3.14 today. It was 2.5 yesterday.')).toEqual([
      'Pi is 3.14 today.',
      'It was 2.5 yesterday.',
    ]);
    const splitter = new SentenceSplitter();
    expect(splitter.push('The value is 3.')).toEqual([]);
    expect(splitter.push('14 exactly. Next')).toEqual(['The value is 3.14 exactly.']);
    expect(splitter.flush()).toBe('Next');
  });

  it('keeps closing quotes and brackets with their sentence, and repeated terminators together', () => {
    expect(splitSentences('He said "stop." Then (quietly.) left?! Yes')).toEqual([
      'He said "stop."',
      'Then (quietly.)',
      'left?!',
      'Yes',
    ]);
  });

  it('cuts at CJK full stops without whitespace', () => {
    expect(splitSentences('你好。今天天气很好！是吗？好')).toEqual([
      '你好。',
      '今天天气很好！',
      '是吗？',
      '好',
    ]);
  });

  it('joins a letterless list number with its item', () => {
    expect(splitSentences('Steps:\n1. Open the lid.\n2. Pour.')).toEqual([
      'Steps:',
      '1. Open the lid.',
      '2. Pour.',
    ]);
  });

  it('forces a cut at the last space before maxChars when no boundary comes', () => {
    const words = Array.from({ length: 30 }, (_, i) => `word${i}`).join(' ');
    const parts = splitByCharacter(words, 40);
    expect(parts.every((p) => p.length <= 40)).toBe(true);
    expect(parts.join(' ')).toBe(words);
    expect(parts.length).toBeGreaterThan(4);
  });

  it('never yields empty sentences, and rejects a tiny maxChars', () => {
    expect(splitSentences('  \n\n . \n')).toEqual([]);
    expect(splitSentences('42')).toEqual(['42']);
    expect(splitSentences('')).toEqual([]);
    expect(() => new SentenceSplitter(5)).toThrow(RangeError);
  });
});
