/**
 * SSE framing as the decoders see it (eventsource-parser behind one TextDecoder): line ends,
 * fields, BOM and UTF-8. The named-event framing of the transcription decoder shows each event's
 * data as it was dispatched, so it is the probe here.
 */
import { describe, expect, it } from 'vitest';
import { decodeChatStream } from '../chat-stream-decoder.js';
import { decodeTranscriptionStream } from '../transcription-stream.js';
import { bodyOf, chunk, collect, sse, textOf } from './helpers.js';

const DELTA = 'event: transcript.text.delta\n';

/** The deltas the transcription decoder dispatched for `pieces`. */
async function deltas(pieces: Array<string | Uint8Array>): Promise<string[]> {
  const events = await collect(decodeTranscriptionStream(bodyOf(pieces)));
  return events.flatMap((e) => (e.type === 'transcript.text.delta' ? [e.delta] : []));
}

describe('SSE framing', () => {
  it('joins multi-line data with LF and keeps the event name for its event only', async () => {
    expect(await deltas([`${DELTA}data: 1\ndata:2\ndata\n\ndata: 3\n\n`])).toEqual(['1\n2\n']);
  });

  it('completes a CRLF split across reads without seeing a blank line; CR CR is a blank line', async () => {
    expect(await deltas([`${DELTA}data: a\r`, '\ndata: b\r', '\n\r', '\n'])).toEqual(['a\nb']);
    expect(await deltas([`${DELTA}data: a\r`, '\r', `${DELTA}data: b\n\n`])).toEqual(['a', 'b']);
  });

  it('skips comments, id, retry and unknown fields; removes only one space after the colon', async () => {
    const text = `: keep-alive\nid: 7\nretry: 10\nfoo: bar\n${DELTA}data:  two spaces\n\n`;
    expect(await deltas([text])).toEqual([' two spaces']);
  });

  it('dispatches a last event that lacks its line end at the end of the body', async () => {
    expect(await deltas([`${DELTA}data: last`])).toEqual(['last']);
    expect(await deltas([`${DELTA}data: last\r`])).toEqual(['last']);
  });

  it('keeps a long line read in many small pieces intact', async () => {
    const payload = 'x'.repeat(50_000);
    const pieces = [`${DELTA}data: `, ...(payload.match(/.{1,7}/g) ?? []), '\n\n'];
    expect(await deltas(pieces)).toEqual([payload]);
  });

  it('a UTF-8 BOM before the first event is dropped by the decoder (bytes EF BB BF)', async () => {
    const text = 'event: transcript.text.delta\ndata: hi\n\ndata: [DONE]\n\n';
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(text)]);
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

  it('decodes invalid UTF-8 as U+FFFD and a character split across reads whole', async () => {
    const encoder = new TextEncoder();
    const [before, after] = sse(chunk({ content: 'é€😀' })).split('é€😀') as [string, string];
    const emoji = encoder.encode('é€😀');
    const pieces = [
      encoder.encode(before),
      emoji.slice(0, 1),
      emoji.slice(1, 4),
      emoji.slice(4, 8),
      emoji.slice(8),
      encoder.encode(after),
    ];
    expect(textOf(await collect(decodeChatStream(bodyOf(pieces))))).toBe('é€😀');
    const invalid = [
      encoder.encode(before),
      Uint8Array.of(0x61, 0xff, 0x62),
      encoder.encode(after),
    ];
    expect(textOf(await collect(decodeChatStream(bodyOf(invalid))))).toBe('a\ufffdb');
  });
});
