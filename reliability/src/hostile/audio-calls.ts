/**
 * The audio calls the hostile rules drive: a whole speech clip and a speech stream through the
 * core, a clip through the AI SDK's `generateSpeech`, and the core's async transcription job.
 * Each is read into a {@link ChatView} (no text) so the common checks apply.
 */
import { createPolarGrid } from '@polargrid/ai-sdk-provider';
import {
  createSpeech,
  PolarGridEdge,
  streamSpeech,
  transcribe as transcribeSync,
  transcribeAsync,
} from '@polargrid/core';
import { generateSpeech, transcribe } from 'ai';
import { blank, type ChatView, fail, type HostileConnection } from './chat-surfaces.ts';

export const SPEECH_SURFACES = [
  'core createSpeech',
  'core streamSpeech',
  'ai generateSpeech',
] as const;
export type SpeechSurface = (typeof SPEECH_SURFACES)[number];

export const TRANSCRIPTION_SURFACES = ['core transcribe', 'ai transcribe'] as const;
export type TranscriptionSurface = (typeof TRANSCRIPTION_SURFACES)[number];

const SPEECH = { model: 'kokoro-82m', input: 'Hello from a stalled edge.', voice: 'af_bella' };

async function speak(surface: SpeechSurface, conn: HostileConnection, signal: AbortSignal) {
  const view = blank(surface);
  try {
    if (surface === 'core createSpeech') {
      const { data, meta } = await createSpeech(
        new PolarGridEdge(conn),
        { ...SPEECH, response_format: 'mp3' },
        { signal },
      );
      view.raw = { meta, bytes: data.audio.length };
    } else if (surface === 'core streamSpeech') {
      const { events } = await streamSpeech(
        new PolarGridEdge(conn),
        { ...SPEECH, response_format: 'pcm' },
        { signal },
      );
      let bytes = 0;
      for await (const piece of events) bytes += piece.length;
      view.raw = { bytes };
    } else {
      const result = await generateSpeech({
        model: createPolarGrid(conn).speech(SPEECH.model),
        text: SPEECH.input,
        voice: SPEECH.voice,
        abortSignal: signal,
      });
      view.raw = { bytes: result.audio.uint8Array.length };
    }
    view.ok = true;
    return view;
  } catch (error) {
    return fail(view, error);
  }
}

/** A tiny, well-formed WAV file (silence), enough to pass the client's audio checks. */
export function silentWav(): Blob {
  const samples = 800;
  const bytes = new Uint8Array(44 + samples * 2);
  const view = new DataView(bytes.buffer);
  const ascii = (at: number, text: string) => {
    for (let i = 0; i < text.length; i++) bytes[at + i] = text.charCodeAt(i);
  };
  ascii(0, 'RIFF');
  view.setUint32(4, 36 + samples * 2, true);
  ascii(8, 'WAVE');
  ascii(12, 'fmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true); // PCM
  view.setUint16(22, 1, true); // mono
  view.setUint32(24, 16000, true);
  view.setUint32(28, 32000, true);
  view.setUint16(32, 2, true);
  view.setUint16(34, 16, true);
  ascii(36, 'data');
  view.setUint32(40, samples * 2, true);
  return new Blob([bytes], { type: 'audio/wav' });
}

async function transcribeOnce(
  surface: TranscriptionSurface,
  conn: HostileConnection,
  signal: AbortSignal,
) {
  const view = blank(surface);
  try {
    if (surface === 'core transcribe') {
      const { data, meta } = await transcribeSync(
        new PolarGridEdge(conn),
        silentWav(),
        { model: 'whisper-large-v3-turbo' },
        { signal },
      );
      view.text = data.text ?? '';
      view.raw = { meta };
    } else {
      const result = await transcribe({
        model: createPolarGrid(conn).transcription('whisper-large-v3-turbo'),
        audio: new Uint8Array(await silentWav().arrayBuffer()),
        abortSignal: signal,
      });
      view.text = result.text;
    }
    view.ok = true;
    return view;
  } catch (error) {
    return fail(view, error);
  }
}

/**
 * Options of `transcribeAsync` for a job that must give up: a short overall deadline and a
 * short first poll interval (so backoff shows within the deadline).
 */
export const JOB_DEADLINE_MS = 1500;
export const FIRST_POLL_MS = 50;

async function transcribeJob(conn: HostileConnection, signal: AbortSignal) {
  const view = blank('core transcribeAsync');
  try {
    const { data, meta } = await transcribeAsync(
      new PolarGridEdge(conn),
      silentWav(),
      { model: 'whisper-large-v3-turbo' },
      { signal, pollIntervalMs: FIRST_POLL_MS, pollTimeoutMs: JOB_DEADLINE_MS },
    );
    view.text = data.text ?? '';
    view.raw = { data, meta };
    view.ok = true;
    return view;
  } catch (error) {
    return fail(view, error);
  }
}

/** Runs `call` with an overall limit; a call still running then is aborted and reported hung. */
async function limited(
  surface: string,
  limitMs: number,
  signal: AbortSignal | undefined,
  call: (signal: AbortSignal) => Promise<ChatView>,
): Promise<ChatView> {
  const limit = new AbortController();
  const started = performance.now();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const hung = new Promise<ChatView>((resolve) => {
    timer = setTimeout(() => {
      limit.abort(new Error(`hostile-edge: no outcome within ${limitMs} ms`));
      resolve({ ...blank(surface), hung: true });
    }, limitMs);
  });
  const combined = signal ? AbortSignal.any([signal, limit.signal]) : limit.signal;
  try {
    const view = await Promise.race([call(combined), hung]);
    view.ms = Math.round(performance.now() - started);
    return view;
  } finally {
    clearTimeout(timer);
  }
}

export function runSpeech(surface: SpeechSurface, conn: HostileConnection, limitMs: number) {
  return limited(surface, limitMs, undefined, (signal) => speak(surface, conn, signal));
}

/** A synchronous transcription (`?sync=true` on the core; `ai`'s `transcribe`). */
export function runTranscription(
  surface: TranscriptionSurface,
  conn: HostileConnection,
  limitMs: number,
) {
  return limited(surface, limitMs, undefined, (signal) => transcribeOnce(surface, conn, signal));
}

export function runTranscribeAsync(conn: HostileConnection, limitMs: number, signal?: AbortSignal) {
  return limited('core transcribeAsync', limitMs, signal, (s) => transcribeJob(conn, s));
}
