import type { TranscriptionStreamEvent } from '../types/other-types.js';
import type { DecodeOptions } from './decode-options.js';
import { decodeSse, type SseHandler, type StreamEnd } from './sse-reader.js';
import { isRecord, parseJSON } from '../util/safe-json.js';

const DELTA = 'transcript.text.delta';
const DONE = 'transcript.text.done';

function errorOf(value: unknown): { message: string; code?: string } {
  const body = isRecord(value) ? value : {};
  const message =
    typeof value === 'string' && value !== ''
      ? value
      : typeof body.message === 'string' && body.message !== ''
        ? body.message
        : 'The server reported an error inside the transcription stream.';
  const code = body.code;
  if (typeof code === 'string' && code !== '') return { message, code };
  if (typeof code === 'number') return { message, code: String(code) };
  return { message };
}

/** Handles the (unspecified) transcription event JSON leniently; see {@link decodeTranscriptionStream}. */
class TranscriptionHandler implements SseHandler {
  #text = '';
  #done = false;

  readonly #emit: (event: TranscriptionStreamEvent) => void;

  constructor(emit: (event: TranscriptionStreamEvent) => void) {
    this.#emit = emit;
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
      this.#emit({ type: 'error', error: errorOf(body?.error ?? body ?? data) });
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
    if (how.kind === 'done') {
      // `[DONE]` without a done event: the deltas are non-overlapping, so they are the text.
      this.#emit({ type: DONE, text: this.#text });
      return;
    }
    this.#emit({ type: 'error', error: endError(how) });
  }
}

/** The error for a transcription stream that ended before its done event. */
function endError(how: Exclude<StreamEnd, { kind: 'done' }>): { message: string; code: string } {
  switch (how.kind) {
    case 'stall':
      return {
        message: `The transcription stream stalled: no bytes for ${how.idleMs} ms.`,
        code: 'stream_stalled',
      };
    case 'network':
      return {
        message: `The transcription stream was cut: ${how.message}`,
        code: 'stream_interrupted',
      };
    case 'oversized':
      return {
        message: `The transcription stream sent an event longer than ${how.limit} characters.`,
        code: 'event_too_large',
      };
    case 'eof':
      return {
        message: 'The transcription stream ended before transcript.text.done.',
        code: 'stream_interrupted',
      };
  }
}

/**
 * Decodes a `?stream=true` transcription SSE body into `transcript.text.delta` /
 * `transcript.text.done` / `error` events.
 *
 * The event JSON is unspecified, so this accepts `data: {"type", "delta"}` and
 * `data: {"type", "text"}` lines as well as named `event: transcript.text.delta` framing (with
 * JSON or plain-text data). `[DONE]` ends the stream at once (nothing after it is read); without
 * a done event before it, a `transcript.text.done` with the concatenated deltas is synthesised. A stream cut before the done event, or
 * stalled past `idleTimeoutMs`, ends with an `error` event (`stream_interrupted` /
 * `stream_stalled`); caller abort errors the stream with `AbortError`.
 */
export function decodeTranscriptionStream(
  body: ReadableStream<Uint8Array>,
  options?: DecodeOptions,
): ReadableStream<TranscriptionStreamEvent> {
  return decodeSse<TranscriptionStreamEvent>(
    body,
    options,
    (emit) => new TranscriptionHandler(emit),
  );
}
