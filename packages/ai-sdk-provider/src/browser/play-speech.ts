/**
 * Feeds a player from the two wires of the server helpers: a raw PCM response
 * (`createSpeechResponse`) or the `data-speech` parts of a chat's UI message stream
 * (`writeSpeechParts`).
 */
import { SPEECH_PART_TYPE, type SpeechPartData } from '../voice-wire.js';
import { within } from './deadline.js';
import { base64ToBytes, Pcm16Reader } from './pcm.js';
import type { PcmPlayer } from './pcm-player.js';
import { VoiceError } from './voice-error.js';

/** Options of {@link playSpeechResponse}. */
export interface PlaySpeechResponseOptions {
  /** The longest wait for the next bytes before the playback fails as `stalled` (default 10 000 ms). */
  idleTimeoutMs?: number;
  /** Stops reading (and the player) when aborted. */
  signal?: AbortSignal;
}

/** The rate of an `audio/pcm;rate=…` (or `audio/L16;rate=…`) content type; throws `bad-response` otherwise. */
export function pcmRateOf(contentType: string | null): number {
  const match = /^\s*audio\/(?:pcm|l16)\s*(?:;(.*))?$/i.exec(contentType ?? '');
  if (match === null) {
    throw new VoiceError(
      'bad-response',
      `Expected audio/pcm, got "${contentType ?? 'no content type'}".`,
    );
  }
  const rate = /(?:^|;)\s*rate\s*=\s*"?(\d+)"?\s*(?:;|$)/i.exec(match[1] ?? '')?.[1];
  const value = rate === undefined ? Number.NaN : Number(rate);
  if (!(value >= 3_000 && value <= 384_000)) {
    throw new VoiceError(
      'bad-response',
      `"${contentType}" names no usable sample rate (3 000 to 384 000 Hz).`,
    );
  }
  return value;
}

/**
 * Plays a raw PCM speech response as it arrives (call `player.resume()` from the click first).
 * Resolves when the last byte is queued (`onEnd` of the player follows when it has played);
 * rejects with a {@link VoiceError}: `http` (an error status), `bad-response` (not
 * `audio/pcm;rate=…`), `stalled` (no bytes within `idleTimeoutMs`), `cut` (the connection broke,
 * or half a sample at the end). On any failure the player is stopped, so it never hangs.
 */
export async function playSpeechResponse(
  response: Response | Promise<Response>,
  player: PcmPlayer,
  options: PlaySpeechResponseOptions = {},
): Promise<void> {
  const idleTimeoutMs = options.idleTimeoutMs ?? 10_000;
  let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  try {
    const res = await response;
    if (!res.ok) {
      throw new VoiceError('http', `The speech route answered HTTP ${res.status}.`, {
        status: res.status,
      });
    }
    const rate = pcmRateOf(res.headers.get('content-type'));
    if (res.body === null) throw new VoiceError('bad-response', 'The speech response has no body.');
    reader = res.body.getReader();
    const samples = new Pcm16Reader();
    for (;;) {
      const { done, value } = await within(reader.read(), idleTimeoutMs, options.signal);
      if (done) break;
      const chunk = samples.read(value);
      if (chunk.length > 0) player.push(chunk, rate);
    }
    if (samples.pending) throw new VoiceError('cut', 'The speech ended in the middle of a sample.');
    player.end();
  } catch (error) {
    player.stop();
    void reader?.cancel().catch(() => {});
    if (error instanceof VoiceError) throw error;
    if (options.signal?.aborted) throw options.signal.reason;
    throw new VoiceError('cut', 'The speech stream broke off before its end.', { cause: error });
  }
}

/** A UI message stream part, as `useChat`'s `onData` receives it. */
export interface DataPartLike {
  type: string;
  data?: unknown;
}

function isSpeechData(data: unknown): data is SpeechPartData {
  if (typeof data !== 'object' || data === null) return false;
  const d = data as Record<string, unknown>;
  if (d.type === 'end') return d.error === undefined || typeof d.error === 'string';
  return d.type === 'audio' && typeof d.pcm === 'string' && typeof d.rate === 'number';
}

/**
 * Plays a `data-speech` part of a chat's UI message stream (pass it every part from `useChat`'s
 * `onData`). Returns false for parts that are not speech. An `end` part ends the playback; an
 * `end` with an error (the server could not speak the rest) throws a `server` {@link VoiceError}
 * after ending it; a malformed speech part throws `bad-response` and stops the player.
 */
export function playSpeechPart(part: DataPartLike, player: PcmPlayer): boolean {
  if (part.type !== SPEECH_PART_TYPE) return false;
  if (!isSpeechData(part.data)) {
    player.stop();
    throw new VoiceError('bad-response', 'A data-speech part has an unexpected shape.');
  }
  const data = part.data;
  if (data.type === 'end') {
    player.end();
    if (data.error !== undefined) throw new VoiceError('server', data.error);
    return true;
  }
  let bytes: Uint8Array;
  try {
    bytes = base64ToBytes(data.pcm);
  } catch (error) {
    player.stop();
    throw new VoiceError('bad-response', 'A data-speech part carries invalid base64.', {
      cause: error,
    });
  }
  if (bytes.length % 2 !== 0) {
    player.stop();
    throw new VoiceError('cut', 'A data-speech part ends in the middle of a sample.');
  }
  try {
    player.push(new Pcm16Reader().read(bytes), data.rate);
  } catch (error) {
    player.stop();
    throw new VoiceError(
      'bad-response',
      `A data-speech part has an unusable rate (${data.rate}).`,
      {
        cause: error,
      },
    );
  }
  return true;
}
