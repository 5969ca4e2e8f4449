import type { TranscriptionStreamEvent } from './events.js';
import { isRecord, parseJSON } from '../util/safe-json.js';
import type { DecodeOptions } from './decode-options.js';
import { decodeSse, type SseHandler, type StreamEnd } from './sse-reader.js';
import { endError, interruptionOf } from './stream-end.js';
import { streamErrorFrom } from './stream-error.js';

const DELTA = 'transcript.text.delta';
const DONE = 'transcript.text.done';

/** Handles the (unspecified) transcription event JSON leniently; see {@link decodeTranscriptionStream}. */
class TranscriptionHandler implements SseHandler {
  #text = '';
  #done = false;

  readonly #emit: (event: TranscriptionStreamEvent) => void;
  readonly #options: DecodeOptions | undefined;

  constructor(emit: (event: TranscriptionStreamEvent) => void, options: DecodeOptions | undefined) {
    this.#emit = emit;
    this.#options = options;
  }

  data(data: string, event: string | undefined): boolean {
    let parsed: unknown;
    try {
      parsed = parseJSON(data);
    } catch {
      parsed = undefined;
    }
    const body = isRecord(parsed) ? parsed : undefined;
    const type = typeof body?.type === 'string' ? body.type : event;
    if (type === 'error' || (body?.error !== undefined && body.error !== null)) {
      const error = streamErrorFrom(body?.error ?? body ?? data, this.#options);
      this.#emit({ type: 'error', error });
      return true;
    }
    // Named-event framing may carry the text itself as non-JSON data.
    const value = body === undefined ? (event !== undefined ? data : undefined) : undefined;
    if (type === DELTA) {
      const delta = body ? (body.delta ?? body.text) : value;
      if (typeof delta === 'string' && delta !== '') {
        this.#text += delta;
        this.#emit({ type: DELTA, delta });
      }
    } else if (type === DONE && !this.#done) {
      const text = body ? body.text : value;
      this.#done = true;
      this.#emit({ type: DONE, text: typeof text === 'string' ? text : this.#text });
    }
    return false;
  }

  end(how: StreamEnd): void {
    if (this.#done) return;
    if (how.kind === 'stall' || how.kind === 'oversized') {
      this.#emit({ type: 'error', error: endError(how, this.#options) });
    } else if (how.kind === 'done') {
      // `[DONE]` without a done event: the deltas are non-overlapping, so they are the text.
      this.#emit({ type: DONE, text: this.#text });
    } else {
      this.#emit({ type: DONE, text: this.#text, interruption: interruptionOf(how, `${DONE}`) });
    }
  }
}

/**
 * Decodes a `?stream=true` transcription SSE body into `transcript.text.delta` /
 * `transcript.text.done` / `error` events, ending the ways every stream of the core ends (see
 * `stream-end.ts`).
 *
 * The event JSON is unspecified, so this accepts `data: {"type", "delta"}` and
 * `data: {"type", "text"}` lines as well as named `event: transcript.text.delta` framing (with
 * JSON or plain-text data). `[DONE]` ends the stream at once (nothing after it is read); without
 * a done event before it, a `transcript.text.done` with the concatenated deltas is synthesized.
 * A stream cut before the done event ends with a `transcript.text.done` of the deltas so far,
 * with `interruption` set; an in-stream error, a stall past `streamIdleTimeout` or an oversized
 * event with an `error` event (`StreamError`, `TimeoutError` `stream_stalled`, `ServerError`
 * `event_too_large`); caller abort errors the stream with `AbortError`.
 */
export function decodeTranscriptionStream(
  body: ReadableStream<Uint8Array>,
  options?: DecodeOptions,
): ReadableStream<TranscriptionStreamEvent> {
  return decodeSse<TranscriptionStreamEvent>(
    body,
    options,
    (emit) => new TranscriptionHandler(emit, options),
  );
}
