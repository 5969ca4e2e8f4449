import { createParser } from 'eventsource-parser';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeTranscriptionStream } from '../transcription-stream.js';
import { createSseParser } from '../sse-parser.js';
import { bodyOf, collect } from './helpers.js';

type Ev = [data: string, event: string | undefined];

function ours(pieces: string[]): Ev[] {
  const out: Ev[] = [];
  const feed = createSseParser((data, event) => out.push([data, event]));
  for (const p of pieces) feed(p);
  feed('\n\n');
  return out;
}

/** eventsource-parser, the library the hand-written parser replaced: the reference. */
function reference(pieces: string[]): Ev[] {
  const out: Ev[] = [];
  const parser = createParser({ onEvent: (m) => out.push([m.data, m.event]) });
  for (const p of pieces) parser.feed(p);
  parser.feed('\n\n');
  return out;
}

function splitString(s: string, cuts: number[]): string[] {
  const points = [...new Set(cuts.map((c) => c % (s.length + 1)))].sort((a, b) => a - b);
  const pieces: string[] = [];
  let from = 0;
  for (const p of points) {
    pieces.push(s.slice(from, p));
    from = p;
  }
  pieces.push(s.slice(from));
  return pieces;
}

const value = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom('', ' ', ':', ' x', '{"a":1}', '[DONE]', 'é😀', 'a:b'),
);
const lineArb = fc.oneof(
  value.map((v) => `data: ${v}`),
  value.map((v) => `data:${v}`),
  fc.constant('data'),
  fc.constant('data:'),
  value.map((v) => `event: ${v}`),
  value.map((v) => `event:${v}`),
  fc.constant('event'),
  value.map((v) => `: ${v}`),
  value.map((v) => `id: ${v}`),
  fc.constant('retry: 1000'),
  value.map((v) => `datax: ${v}`),
  value.map((v) => `eventx:${v}`),
  value.map((v) => `Data: ${v}`),
  value.map((v) => ` data: ${v}`),
  fc.constant(''),
);
/** Lines (values never contain line ends) joined by a random mix of CR, LF and CRLF. */
const sseText = fc
  .array(fc.tuple(lineArb, fc.constantFrom('\n', '\r', '\r\n')), { maxLength: 24 })
  .map((lines) => lines.map(([l, eol]) => l.replace(/[\r\n]/g, '') + eol).join(''));

describe('createSseParser', () => {
  it('matches eventsource-parser on random streams under any split (CR/LF/CRLF, comments, fields)', () => {
    fc.assert(
      fc.property(sseText, fc.array(fc.nat(400), { maxLength: 8 }), (text, cuts) => {
        const expected = reference([text]);
        expect(ours([text])).toEqual(expected);
        expect(ours(splitString(text, cuts))).toEqual(expected);
        expect(ours([...text])).toEqual(expected);
      }),
      { numRuns: 500 },
    );
  });

  it('joins multi-line data with LF and keeps the event name for its event only', () => {
    const text = 'event: a\ndata: 1\ndata:2\ndata\n\ndata: 3\n\n';
    expect(ours([text])).toEqual([
      ['1\n2\n', 'a'],
      ['3', undefined],
    ]);
  });

  it('completes a CRLF split across feeds without seeing a blank line', () => {
    expect(ours(['data: a\r', '\ndata: b\r', '\n\r', '\n'])).toEqual([['a\nb', undefined]]);
    // A lone CR then LF in the next feed is one line end; CR CR is two (a blank line).
    expect(ours(['data: a\r', '\r', 'data: b\n\n'])).toEqual([
      ['a', undefined],
      ['b', undefined],
    ]);
  });

  it('skips comments, id, retry and unknown fields; removes only one space after the colon', () => {
    const text = ': keep-alive\nid: 7\nretry: 10\nfoo: bar\ndata:  two spaces\n\n';
    expect(ours([text])).toEqual([[' two spaces', undefined]]);
  });

  it('dispatches a data line with an empty value, but not an event with no data lines', () => {
    expect(ours(['event: x\n\ndata:\n\n'])).toEqual([['', undefined]]);
  });

  it('drops a leading BOM once, and only at the start of the stream', () => {
    expect(ours(['\ufeffdata: a\n\n'])).toEqual([['a', undefined]]);
    expect(ours(['\ufeff', 'data: a\n\n'])).toEqual([['a', undefined]]);
    expect(ours(['data: a\n\n\ufeffdata: b\n\n'])).toEqual([['a', undefined]]);
  });

  it('ends a pending line and event at the end of the stream', () => {
    expect(ours(['data: last'])).toEqual([['last', undefined]]);
    expect(ours(['data: last\r'])).toEqual([['last', undefined]]);
  });

  it('keeps a long line fed in many small pieces intact', () => {
    const payload = 'x'.repeat(50_000);
    const pieces = ['data: ', ...payload.match(/.{1,7}/g)!, '\n\n'];
    expect(ours(pieces)).toEqual([[payload, undefined]]);
  });

  it('a UTF-8 BOM before the first event is dropped by the decoder (bytes EF BB BF)', async () => {
    const sse = 'event: transcript.text.delta\ndata: hi\n\ndata: [DONE]\n\n';
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(sse)]);
    for (const split of [1, 2, 3, 4, 10]) {
      const events = await collect(
        decodeTranscriptionStream(bodyOf([bytes.slice(0, split), bytes.slice(split)])),
      );
      expect(events).toEqual([
        { type: 'transcript.text.delta', delta: 'hi' },
        { type: 'transcript.text.done', text: 'hi' },
      ]);
    }
  });
});
