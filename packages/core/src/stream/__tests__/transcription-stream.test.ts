import { describe, expect, it } from 'vitest';
import { isPolarGridError } from '../../errors/polargrid-error.js';
import { decodeTranscriptionStream } from '../transcription-stream.js';
import { bodyOf, collect } from './helpers.js';

const decode = (text: string, options?: Parameters<typeof decodeTranscriptionStream>[1]) =>
  collect(decodeTranscriptionStream(bodyOf([text]), options));

describe('decodeTranscriptionStream', () => {
  it('reads {type, delta} / {type, text} data lines and stops at [DONE]', async () => {
    const events = await decode(
      'data: {"type":"transcript.text.delta","delta":"Hello"}\n\n' +
        'data: {"type":"transcript.text.delta","delta":" there"}\n\n' +
        'data: {"type":"transcript.text.done","text":"Hello there."}\n\ndata: [DONE]\n\n',
    );
    expect(events).toEqual([
      { type: 'transcript.text.delta', delta: 'Hello' },
      { type: 'transcript.text.delta', delta: ' there' },
      { type: 'transcript.text.done', text: 'Hello there.' },
    ]);
  });

  it('reads named event framing with JSON or plain data, and text as the delta field', async () => {
    const events = await decode(
      'event: transcript.text.delta\ndata: {"text":"a"}\n\n' +
        'event: transcript.text.delta\ndata: b\n\n' +
        'event: transcript.text.done\ndata: {}\n\n',
    );
    expect(events).toEqual([
      { type: 'transcript.text.delta', delta: 'a' },
      { type: 'transcript.text.delta', delta: 'b' },
      { type: 'transcript.text.done', text: 'ab' },
    ]);
  });

  it('synthesises the done event from the deltas when only [DONE] arrives, ignoring noise', async () => {
    const events = await decode(
      ': ping\n\ndata: nonsense\n\ndata: {"type":"transcript.text.delta","delta":"x"}\n\ndata: [DONE]\n\n',
    );
    expect(events).toEqual([
      { type: 'transcript.text.delta', delta: 'x' },
      { type: 'transcript.text.done', text: 'x' },
    ]);
  });

  it('surfaces errors: in-stream, named, and a cut stream', async () => {
    expect(
      await decode('data: {"type":"error","error":{"message":"bad audio","code":400}}\n\n'),
    ).toMatchObject([
      { type: 'error', error: { name: 'StreamError', message: 'bad audio', code: '400' } },
    ]);
    const named = await decode('event: error\ndata: {"message":"nope"}\n\n');
    expect(named).toMatchObject([
      { type: 'error', error: { name: 'StreamError', message: 'nope' } },
    ]);
    expect(named).toHaveLength(1);
    // Every error is a PolarGridError, and a cut stream ends like a cut chat: its normal end,
    // marked as interrupted, with what arrived.
    expect(isPolarGridError((named[0] as { error: unknown }).error)).toBe(true);
    const cut = await decode('data: {"type":"transcript.text.delta","delta":"x"}\n\n');
    expect(cut).toEqual([
      { type: 'transcript.text.delta', delta: 'x' },
      {
        type: 'transcript.text.done',
        text: 'x',
        interruption: {
          cause: 'eof',
          message: 'The stream ended without transcript.text.done.',
        },
      },
    ]);
  });

  it('reports a stall and honours abort', async () => {
    const stalled = await collect(
      decodeTranscriptionStream(bodyOf([], { hang: true }), { streamIdleTimeout: 20 }),
    );
    expect(stalled).toMatchObject([{ type: 'error', error: { code: 'stream_stalled' } }]);
    const controller = new AbortController();
    const body = bodyOf([], { hang: true });
    const pending = collect(decodeTranscriptionStream(body, { signal: controller.signal }));
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    await body.cancelled;
  });

  it('ends at [DONE] without reading further, even when the server keeps the connection open', async () => {
    const body = bodyOf(
      [
        'data: {"type":"transcript.text.delta","delta":"a"}\n\ndata: [DONE]\n\n',
        'data: {"type":"transcript.text.delta","delta":"late"}\n\n',
      ],
      { hang: true },
    );
    expect(await collect(decodeTranscriptionStream(body))).toEqual([
      { type: 'transcript.text.delta', delta: 'a' },
      { type: 'transcript.text.done', text: 'a' },
    ]);
    await body.cancelled;
  });
});
