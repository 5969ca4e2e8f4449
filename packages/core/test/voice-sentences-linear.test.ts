/**
 * The sentence splitter is linear in its input (issue 21, defect 2): before, each boundary
 * without a letter ("1.", "12\n") made it rescan the text from the start, so 500 KB of numbered
 * lines blocked the event loop for most of a minute. The work is counted, not timed
 * (test/helpers/work-meter.ts), so the bound holds on a loaded machine and fails fast.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SentenceSplitter, splitSentences } from '../src/voice/sentence-splitter.js';
import { measureWork } from './helpers/work-meter.js';

/** Characters of work allowed per character of input. */
const PER_CHAR = 12;

const numberedLines = (bytes: number): string => {
  const lines: string[] = [];
  let length = 0;
  for (let i = 1; length < bytes; i++) {
    const line = `${i}.\n${i * 7}\n`;
    lines.push(line);
    length += line.length;
  }
  return lines.join('');
};

/** The splitter's rule as it was first written (quadratic, but simple): the behaviour to keep. */
class ReferenceSplitter {
  readonly #maxChars: number;
  #buffer = '';
  constructor(maxChars = 250) {
    this.#maxChars = maxChars;
  }
  push(delta: string): string[] {
    const boundary = /[.!?…]+["'”’)\]»]*(?=\s)|[。！？]+[」』）]*|\n/u;
    this.#buffer += delta;
    const out: string[] = [];
    let searchFrom = 0;
    for (;;) {
      const match = boundary.exec(this.#buffer.slice(searchFrom));
      if (match === null) break;
      const end = searchFrom + match.index + match[0].length;
      if (!/\p{L}/u.test(this.#buffer.slice(0, end))) {
        searchFrom = end;
        continue;
      }
      this.#take(end, out);
      searchFrom = 0;
    }
    while (this.#buffer.trim().length > this.#maxChars) {
      const leading = this.#buffer.length - this.#buffer.trimStart().length;
      const limit = leading + this.#maxChars;
      const space = this.#buffer.lastIndexOf(' ', limit);
      this.#take(space > leading ? space : limit, out);
    }
    return out;
  }
  flush(): string | undefined {
    const last = this.#buffer.trim();
    this.#buffer = '';
    return /[\p{L}\p{N}]/u.test(last) ? last : undefined;
  }
  #take(end: number, into: string[]): void {
    const sentence = this.#buffer.slice(0, end).trim();
    this.#buffer = this.#buffer.slice(end);
    if (sentence !== '') into.push(sentence);
  }
}

/** `text` pushed in pieces cut at `cuts` into `splitter`, then flushed. */
function splitWith(
  splitter: { push(delta: string): string[]; flush(): string | undefined },
  text: string,
  cuts: number[],
): string[] {
  const out: string[] = [];
  let at = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    out.push(...splitter.push(text.slice(at, Math.max(at, cut))));
    at = Math.max(at, cut);
  }
  out.push(...splitter.push(text.slice(at)));
  const last = splitter.flush();
  if (last !== undefined) out.push(last);
  return out;
}

const withoutSpace = (text: string): string => text.replace(/\s+/gu, '');

/** Text built from the characters the rule cares about, so boundaries are common. */
const sentenceText = fc
  .array(
    fc.oneof(
      fc.constantFrom('.', '!', '?', '…', '。', '」', '"', ')', ' ', '\n', '\t', '1', '23', '3.14'),
      fc.constantFrom('a', 'Word', 'é', '你好', 'x y'),
      fc.string({ maxLength: 4 }),
    ),
    { maxLength: 80 },
  )
  .map((parts) => parts.join(''));

describe('sentence splitter: linear work', () => {
  it('splits 500 KB of numbered lines in linear work, whole or in small deltas', () => {
    const text = numberedLines(500_000);
    const whole = measureWork(PER_CHAR * text.length, () => splitSentences(text));
    // Letterless lines join what follows; the forced cut keeps each sentence within maxChars.
    expect(whole.result.length).toBeGreaterThan(1000);
    expect(whole.result.every((s) => s.length <= 250)).toBe(true);
    expect(withoutSpace(whole.result.join(''))).toBe(withoutSpace(text));

    const deltas = measureWork(PER_CHAR * text.length, () => {
      const splitter = new SentenceSplitter();
      const out: string[] = [];
      for (let at = 0; at < text.length; at += 7)
        out.push(...splitter.push(text.slice(at, at + 7)));
      const last = splitter.flush();
      if (last !== undefined) out.push(last);
      return out;
    });
    expect(deltas.result).toEqual(whole.result);
  });

  it('is linear on long letterless runs, long sentences and whitespace floods', () => {
    const cases = [
      '1. '.repeat(100_000),
      `${'x'.repeat(200_000)}. done`,
      `Hello${' '.repeat(200_000)}world.\n`,
      '!'.repeat(100_000),
      `${'word '.repeat(60_000)}`,
    ];
    for (const text of cases) {
      measureWork(PER_CHAR * text.length, () => splitSentences(text));
      measureWork(PER_CHAR * text.length + 100_000, () => {
        const splitter = new SentenceSplitter();
        for (let at = 0; at < text.length; at += 1000) splitter.push(text.slice(at, at + 1000));
        return splitter.flush();
      });
    }
  });
});

describe('sentence splitter: properties', () => {
  it('keeps the rule: in any chunking it gives what the old splitter gives', () => {
    fc.assert(
      fc.property(
        sentenceText,
        fc.array(fc.nat({ max: 400 }), { maxLength: 12 }),
        fc.constantFrom(20, 40, 250),
        (text, cuts, maxChars) => {
          // The same pieces into the old and the new splitter give the same sentences (the rule
          // itself depends on where deltas end: "。" then "」" is cut before the "」").
          expect(splitSentences(text, maxChars)).toEqual(
            splitWith(new ReferenceSplitter(maxChars), text, []),
          );
          expect(splitWith(new SentenceSplitter(maxChars), text, cuts)).toEqual(
            splitWith(new ReferenceSplitter(maxChars), text, cuts),
          );
        },
      ),
      { numRuns: 400 },
    );
  });

  it('loses no text and keeps its order; only a last unspeakable remainder is dropped', () => {
    fc.assert(
      fc.property(
        fc.oneof(sentenceText, fc.string({ unit: 'grapheme', maxLength: 300 })),
        (text) => {
          const joined = withoutSpace(splitSentences(text, 20).join(''));
          const input = withoutSpace(text);
          expect(input.startsWith(joined)).toBe(true);
          expect(/[\p{L}\p{N}]/u.test(input.slice(joined.length))).toBe(false);
          // Nothing comes out empty or untrimmed.
          for (const s of splitSentences(text, 20)) expect(s).toBe(s.trim());
        },
      ),
      { numRuns: 300 },
    );
  });

  it('terminates within a linear work budget and throws nothing on any text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 1000 }), (text) => {
        measureWork(PER_CHAR * text.length + 1000, () => splitSentences(text));
      }),
      { numRuns: 30 },
    );
  });
});
