import { describe, expect, it } from 'vitest';
import { ThinkSplitter, type ThinkSplitterOptions, splitThink } from '../think-splitter.js';

/** The request asked for reasoning: blocks are split wherever they are (the tag mechanics). */
const requested: ThinkSplitterOptions = { reasoningRequested: true };

function run(
  pieces: string[],
  options?: ThinkSplitterOptions,
): { text: string; reasoning: string; calls: string[] } {
  let text = '';
  let reasoning = '';
  const calls: string[] = [];
  const splitter = new ThinkSplitter(
    (t) => {
      calls.push(`t:${t}`);
      text += t;
    },
    (r) => {
      calls.push(`r:${r}`);
      reasoning += r;
    },
    options,
  );
  for (const piece of pieces) splitter.push(piece);
  splitter.flush();
  return { text, reasoning, calls };
}

describe('ThinkSplitter', () => {
  it('splits tags that are cut at every possible position', () => {
    const full = 'A<think>B</think>C';
    for (let i = 0; i <= full.length; i++) {
      for (let j = i; j <= full.length; j++) {
        const { text, reasoning } = run(
          [full.slice(0, i), full.slice(i, j), full.slice(j)],
          requested,
        );
        expect({ text, reasoning }).toEqual({ text: 'AC', reasoning: 'B' });
      }
    }
  });

  it('releases a held "<" as soon as it turns out not to be a tag, and at flush', () => {
    expect(run(['a <', 'b'], requested).calls).toEqual(['t:a ', 't:<b']);
    expect(run(['x <thin']).text).toBe('x <thin');
    expect(run(['<think>r </thi']).reasoning).toBe('r </thi');
  });

  it('never emits empty strings and passes plain text through unchanged', () => {
    expect(run(['', 'plain', '']).calls).toEqual(['t:plain']);
  });

  it('drops the whitespace that frames a block, even across chunks, and keeps inner whitespace', () => {
    expect(run(['<think>r</think>', '\n', '\nanswer']).text).toBe('answer');
    expect(run(['<think>r</think>', '', 'answer']).text).toBe('answer');
    expect(splitThink('<think>\nstep one\n\nstep two\n</think>\n\nThe answer.')).toEqual({
      text: 'The answer.',
      reasoning: 'step one\n\nstep two',
    });
    const streamed = run([
      '<think>',
      '\n',
      'a',
      ' ',
      '\n',
      'b',
      '\n',
      '</thi',
      'nk>',
      '\n\n',
      ' x y ',
    ]);
    expect(streamed.reasoning).toBe('a \nb');
    expect(streamed.text).toBe('x y ');
  });

  it('keeps a stray </think> outside reasoning as text', () => {
    expect(splitThink('a</think>b')).toEqual({ text: 'a</think>b', reasoning: '' });
  });

  it('handles several think blocks', () => {
    expect(splitThink('<think>1</think>a<think>2</think>b', requested)).toEqual({
      text: 'ab',
      reasoning: '12',
    });
  });

  it('without a request for reasoning, splits only a block at the start of the output', () => {
    // At the start, after leading whitespace, and consecutive blocks before any answer text.
    expect(splitThink('<think>r</think>answer')).toEqual({ text: 'answer', reasoning: 'r' });
    expect(splitThink(' \n<think>r</think>answer')).toEqual({ text: ' \nanswer', reasoning: 'r' });
    expect(splitThink('<think>1</think>\n<think>2</think>a')).toEqual({
      text: 'a',
      reasoning: '12',
    });
    // A literal <think> after answer text is answer text, also when the tag is split.
    expect(splitThink('<think>1</think>a<think>2</think>b')).toEqual({
      text: 'a<think>2</think>b',
      reasoning: '1',
    });
    expect(splitThink('Use <think>…</think> tags.')).toEqual({
      text: 'Use <think>…</think> tags.',
      reasoning: '',
    });
    const full = 'A<think>B</think>C';
    for (let i = 0; i <= full.length; i++) {
      expect(run([full.slice(0, i), full.slice(i)])).toMatchObject({ text: full, reasoning: '' });
    }
    // Once the answer has started, a held `<` is released at once: no tag can follow.
    expect(run(['a <', 'b']).calls).toEqual(['t:a ', 't:<', 't:b']);
    // Whitespace alone does not start the answer.
    expect(run(['\n', ' <th', 'ink>r</think>x'])).toMatchObject({ text: '\n x', reasoning: 'r' });
  });

  it('reports whether it is inside a block', () => {
    const splitter = new ThinkSplitter(
      () => {},
      () => {},
    );
    expect(splitter.inReasoning).toBe(false);
    splitter.push('<think>r');
    expect(splitter.inReasoning).toBe(true);
    splitter.push('</think>a');
    expect(splitter.inReasoning).toBe(false);
  });
});
