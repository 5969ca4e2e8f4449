/**
 * What the voice routes and the browser helpers agree on: the speech data part that rides along a
 * chat's UI message stream, the raw PCM content type, and the transcript events of the dictation
 * route. Shared by the server helpers and the browser entry; no runtime dependencies.
 */

/** PolarGrid speech is 24 kHz, 16-bit little-endian, mono PCM. */
export const SPEECH_SAMPLE_RATE = 24_000;

/** The UI message stream part type the spoken answer rides in (`data-speech`, transient). */
export const SPEECH_PART_TYPE = 'data-speech';

/** The data of a `data-speech` part: a chunk of base64 16-bit PCM at `rate`, or the end of the answer's audio. */
export type SpeechPartData =
  | { type: 'audio'; pcm: string; rate: number }
  | { type: 'end'; error?: string };

/** One line of the dictation route's NDJSON transcript stream. */
export type TranscriptEvent =
  /** The session is open: post audio now. */
  | { type: 'ready' }
  /** Text as it is recognized (append it). */
  | { type: 'delta'; text: string }
  /** A finished segment. */
  | { type: 'final'; text: string }
  /** A segment that could not be transcribed; the ones after it still come. */
  | { type: 'warning'; message: string }
  /** The whole transcript, after the audio ended. */
  | { type: 'done'; text: string }
  /** The transcription failed; nothing follows. */
  | { type: 'error'; message: string };

/** `audio/pcm;rate=24000`: the content type of a raw PCM speech response. */
export function pcmContentType(rate: number): string {
  return `audio/pcm;rate=${rate}`;
}
