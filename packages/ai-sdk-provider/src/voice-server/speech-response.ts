/**
 * Streamed speech from a route, in one call. Two wires, one per kind of page:
 * - {@link createSpeechResponse}: the audio itself, raw 16-bit PCM with its rate in the content
 *   type, for a page that fetches speech on its own (`playSpeechResponse` plays it);
 * - {@link writeSpeechParts}: the audio riding along a chat's UI message stream as transient
 *   `data-speech` parts, for `useChat` pages (`playSpeechPart` plays them from `onData`): one
 *   request, one stop button, and the answer's audio arrives with its text.
 */
import { convertUint8ArrayToBase64 } from '@ai-sdk/provider-utils';
import {
  pcmContentType,
  SPEECH_PART_TYPE,
  SPEECH_SAMPLE_RATE,
  type SpeechPartData,
} from '../voice-wire.js';

/** Audio as `experimental_streamSpeech` gives it (`audioStream`): 16-bit mono PCM chunks. */
export type SpeechAudio = AsyncIterable<Uint8Array> | ReadableStream<Uint8Array>;

/** Options of {@link createSpeechResponse}. */
export interface SpeechResponseOptions {
  /** The rate of the PCM (default 24 000 Hz, PolarGrid speech). */
  sampleRate?: number;
  /** Extra response headers. */
  headers?: HeadersInit;
}

function toStream(audio: SpeechAudio): ReadableStream<Uint8Array> {
  if (audio instanceof ReadableStream) return audio;
  const iterator = audio[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { done, value } = await iterator.next();
      if (done) controller.close();
      else controller.enqueue(value);
    },
    async cancel(reason) {
      await iterator.return?.(reason);
    },
  });
}

/**
 * A `Response` that streams speech to the page while it is synthesized: raw 16-bit little-endian
 * mono PCM, `content-type: audio/pcm;rate=24000`. Pass `experimental_streamSpeech(...).audioStream`
 * (fed by plain text or a `streamText` answer's `textStream`). If the speech fails midway the
 * body errors, so the page sees a cut stream, never a short answer that looks whole.
 */
export function createSpeechResponse(
  audio: SpeechAudio,
  options: SpeechResponseOptions = {},
): Response {
  const rate = options.sampleRate ?? SPEECH_SAMPLE_RATE;
  const headers = new Headers(options.headers);
  headers.set('content-type', pcmContentType(rate));
  headers.set('cache-control', 'no-store');
  headers.set('x-content-type-options', 'nosniff');
  return new Response(toStream(audio), { headers });
}

/** The part of a UI message stream writer that {@link writeSpeechParts} uses. */
export interface SpeechPartWriter {
  write(part: { type: typeof SPEECH_PART_TYPE; data: SpeechPartData; transient: true }): void;
}

/** Options of {@link writeSpeechParts}. */
export interface WriteSpeechPartsOptions {
  /** The rate of the PCM (default 24 000 Hz, PolarGrid speech). */
  sampleRate?: number;
  /** What the page is told when the speech fails (default: a generic sentence; the error itself stays on the server). */
  onError?: (error: unknown) => string;
}

/**
 * Writes the audio into a chat's UI message stream (`createUIMessageStream`'s `writer`) as
 * transient `data-speech` parts, one per chunk, then an `end` part (with an error message when the
 * speech failed). Transient: the audio is played, not kept in the message history. Resolves when
 * the audio has ended; it never throws (a failure is the `end` part's `error`).
 */
export async function writeSpeechParts(
  writer: SpeechPartWriter,
  audio: SpeechAudio,
  options: WriteSpeechPartsOptions = {},
): Promise<void> {
  const rate = options.sampleRate ?? SPEECH_SAMPLE_RATE;
  const write = (data: SpeechPartData) =>
    writer.write({ type: SPEECH_PART_TYPE, data, transient: true });
  // Network chunks may end mid-sample; each part carries whole samples, the odd byte waits.
  let carry: number | undefined;
  try {
    for await (const chunk of toStream(audio)) {
      let bytes = chunk;
      if (carry !== undefined) {
        bytes = new Uint8Array(chunk.byteLength + 1);
        bytes[0] = carry;
        bytes.set(chunk, 1);
        carry = undefined;
      }
      if (bytes.byteLength % 2 === 1) {
        carry = bytes[bytes.byteLength - 1];
        bytes = bytes.subarray(0, bytes.byteLength - 1);
      }
      if (bytes.byteLength > 0)
        write({ type: 'audio', pcm: convertUint8ArrayToBase64(bytes), rate });
    }
    if (carry !== undefined) throw new Error('The speech ended in the middle of a sample.');
    write({ type: 'end' });
  } catch (error) {
    write({ type: 'end', error: options.onError?.(error) ?? 'The answer could not be spoken.' });
  }
}
