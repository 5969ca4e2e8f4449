import { describe, expect, it } from 'vitest';
import { BODY_LIMITS } from '../../util/body-limits.js';
import { decodeChatStream } from '../chat-stream-decoder.js';
import type { ErrorEvent, FinishEvent } from '../events.js';
import { bodyOf, chunk, collect, last, sse, textOf } from './helpers.js';

describe('decodeChatStream: abort, cancel, stall', () => {
  it('errors the output with AbortError and cancels the body when the signal aborts', async () => {
    const controller = new AbortController();
    const body = bodyOf([sse(chunk({ content: 'a' }))], { hang: true });
    const reader = decodeChatStream(body, { signal: controller.signal, region: 'r1' }).getReader();
    expect((await reader.read()).value).toMatchObject({ type: 'metadata' });
    expect((await reader.read()).value).toMatchObject({ type: 'text-delta', text: 'a' });
    const pending = reader.read();
    controller.abort(new Error('user left'));
    const error = await pending.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ name: 'AbortError', region: 'r1', retryable: false });
    await expect(body.cancelled).resolves.toMatchObject({ message: 'user left' });
  });

  it('errors immediately for an already-aborted signal', async () => {
    const controller = new AbortController();
    controller.abort();
    const body = bodyOf([sse(chunk({ content: 'a' }))]);
    await expect(
      collect(decodeChatStream(body, { signal: controller.signal })),
    ).rejects.toMatchObject({
      name: 'AbortError',
    });
    await body.cancelled;
  });

  it('cancels the body when the consumer cancels (break in for-await)', async () => {
    const body = bodyOf([sse(chunk({ content: 'a' }))], { hang: true });
    const stream = decodeChatStream(body);
    for await (const event of stream as unknown as AsyncIterable<{ type: string }>) {
      if (event.type === 'text-delta') break;
    }
    await expect(body.cancelled).resolves.toBeUndefined();
  });

  it('ends a stalled stream with a TimeoutError (stream_stalled) and cancels the body', async () => {
    const body = bodyOf([sse(chunk({ content: 'slow' }))], { hang: true });
    const events = await collect(decodeChatStream(body, { streamIdleTimeout: 30, requestId: 'q' }));
    expect(textOf(events)).toBe('slow');
    const event = last(events) as ErrorEvent;
    expect(event.type).toBe('error');
    expect(event.error).toMatchObject({
      name: 'TimeoutError',
      code: 'stream_stalled',
      requestId: 'q',
      retryable: true,
    });
    await body.cancelled;
  });

  it('finishes normally when the stall comes after the finish reason', async () => {
    const body = bodyOf([sse(chunk({ content: 'x' }, 'stop'))], { hang: true });
    const events = await collect(decodeChatStream(body, { streamIdleTimeout: 20 }));
    expect(last(events)).toMatchObject({ type: 'finish', reason: 'stop' });
  });

  it('finishes soon after [DONE] even if the server keeps the connection open', async () => {
    const body = bodyOf([sse(chunk({ content: 'x' }), '[DONE]')], { hang: true });
    const events = await collect(decodeChatStream(body));
    expect(last(events)).toMatchObject({ type: 'finish', reason: 'other' });
    await body.cancelled;
    // A long stall timeout armed before [DONE] must not delay the finish either.
    const slow = bodyOf([sse(chunk({ content: 'x' })), sse('[DONE]')], { hang: true });
    const started = Date.now();
    await collect(decodeChatStream(slow, { streamIdleTimeout: 60_000 }));
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('does not count a slow consumer as a stall', async () => {
    const body = bodyOf([
      sse(chunk({ content: 'a' })),
      sse(chunk({ content: 'b' }, 'stop'), '[DONE]'),
    ]);
    const reader = decodeChatStream(body, { streamIdleTimeout: 20 }).getReader();
    const events = [];
    events.push((await reader.read()).value);
    await new Promise((resolve) => setTimeout(resolve, 80));
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      events.push(value);
    }
    expect(last(events)).toMatchObject({
      type: 'finish',
      reason: 'stop',
    } satisfies Partial<FinishEvent>);
  });

  it('keep-alives after [DONE] never extend the grace: the stream finishes and the body is cancelled', async () => {
    const encoder = new TextEncoder();
    let timer: ReturnType<typeof setInterval> | undefined;
    let cancelled = false;
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(encoder.encode(sse(chunk({ content: 'x' }, 'stop'), '[DONE]')));
        // A comment every 20 ms, for as long as the decoder keeps reading.
        timer = setInterval(() => controller.enqueue(encoder.encode(': keep-alive\n\n')), 20);
      },
      cancel() {
        cancelled = true;
        clearInterval(timer);
      },
    });
    const started = Date.now();
    const events = await collect(decodeChatStream(body, { streamIdleTimeout: 60_000 }));
    clearInterval(timer);
    expect(last(events)).toMatchObject({ type: 'finish', reason: 'stop' });
    expect(cancelled).toBe(true);
    // The grace is 500 ms from [DONE]; generous slack for a loaded machine, far below "forever".
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('a pg_metadata after [DONE] is read and ends the stream without waiting for the body', async () => {
    const body = bodyOf(
      [sse(chunk({ content: 'x' }, 'stop'), '[DONE]', { pg_metadata: { inference_ttft_ms: 7 } })],
      { hang: true },
    );
    const events = await collect(decodeChatStream(body));
    expect(last(events)).toMatchObject({ type: 'finish', timings: { inferenceTtftMs: 7 } });
    await body.cancelled;
  });

  it('stops an edge that never ends a line with a typed error (event size cap)', async () => {
    const megabyte = 'x'.repeat(1024 * 1024);
    const body = bodyOf([sse(chunk({ content: 'a' })), 'data: ', ...Array(9).fill(megabyte)], {
      hang: true,
    });
    const events = await collect(decodeChatStream(body));
    expect(textOf(events)).toBe('a');
    expect(last(events)).toMatchObject({
      type: 'error',
      error: { name: 'ServerError', code: 'event_too_large', retryable: false },
    });
    await body.cancelled;
  });

  it('has one size cap, BODY_LIMITS.sseEvent characters per event, however the event is made', async () => {
    const cap = BODY_LIMITS.sseEvent;
    // Just under the cap: decoded (not a chunk, so a warning), and the stream goes on.
    const under = await collect(
      decodeChatStream(
        bodyOf([
          `data: ${'x'.repeat(cap - 10)}\n\n`,
          sse(chunk({ content: 'b' }, 'stop'), '[DONE]'),
        ]),
      ),
    );
    expect(textOf(under)).toBe('b');
    expect(last(under)).toMatchObject({ type: 'finish', reason: 'stop' });
    // Over it in one line, and over it in many short data lines of one event (no blank line).
    const line = `data: ${'x'.repeat(cap + 10)}\n`;
    const lines = Array(Math.ceil(cap / 1000) + 2).fill(`data: ${'y'.repeat(1000)}\n`);
    for (const over of [[line], lines]) {
      const body = bodyOf([sse(chunk({ content: 'a' })), ...over], { hang: true });
      const events = await collect(decodeChatStream(body));
      expect(textOf(events)).toBe('a');
      expect(last(events)).toMatchObject({
        type: 'error',
        error: { code: 'event_too_large', message: expect.stringContaining(`${cap} characters`) },
      });
      await body.cancelled;
    }
  });

  it('a stall timeout beyond the timer range means "very long", never "now"', async () => {
    const encoder = new TextEncoder();
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        await new Promise((resolve) => setTimeout(resolve, 30));
        controller.enqueue(encoder.encode(sse(chunk({ content: 'late' }, 'stop'), '[DONE]')));
        controller.close();
      },
    });
    const events = await collect(decodeChatStream(body, { streamIdleTimeout: 2 ** 31 + 10 }));
    expect(textOf(events)).toBe('late');
    expect(last(events)).toMatchObject({ type: 'finish', reason: 'stop' });
  });
});
