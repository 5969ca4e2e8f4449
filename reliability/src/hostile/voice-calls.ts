/**
 * The live-transcription calls issue 21's input rules drive: the core's
 * `streamTranscriptionFromAudio` and the AI SDK's `experimental_streamTranscribe`, read into a
 * {@link ChatView} (the transcript as its text) so the common checks apply.
 */
import { createPolarGrid } from '@polargrid/ai-sdk-provider';
import { PolarGridEdge } from '@polargrid/core';
import { streamTranscriptionFromAudio } from '@polargrid/core/voice';
import { experimental_streamTranscribe as streamTranscribe } from 'ai';
import { blank, type ChatView, fail, type HostileConnection } from './chat-surfaces.ts';

export const LIVE_TRANSCRIPTION_SURFACES = [
  'core streamTranscriptionFromAudio',
  'ai experimental_streamTranscribe',
] as const;
export type LiveTranscriptionSurface = (typeof LIVE_TRANSCRIPTION_SURFACES)[number];

export interface AudioCall {
  bytes: Uint8Array;
  mediaType: 'audio/wav' | 'audio/pcm';
  /** PCM only. */
  sampleRate?: number;
  channels?: number;
  limitMs: number;
}

const MODEL = 'whisper-large-v3-turbo';

function audioStream(bytes: Uint8Array): ReadableStream<Uint8Array> {
  let at = 0;
  return new ReadableStream({
    pull(controller) {
      if (at >= bytes.byteLength) return controller.close();
      controller.enqueue(bytes.slice(at, at + 1_000));
      at += 1_000;
    },
  });
}

async function run(
  surface: LiveTranscriptionSurface,
  conn: HostileConnection,
  call: AudioCall,
  signal: AbortSignal,
): Promise<ChatView> {
  const view = blank(surface);
  try {
    if (surface === 'core streamTranscriptionFromAudio') {
      // The two entry points' type declarations name the class from different chunks (ESM and
      // CJS), so TypeScript sees two PolarGridEdge types; it is the same class at run time.
      const edge = new PolarGridEdge(conn) as unknown as Parameters<
        typeof streamTranscriptionFromAudio
      >[0];
      const events = streamTranscriptionFromAudio(edge, audioStream(call.bytes), {
        model: MODEL,
        mediaType: call.mediaType,
        sampleRate: call.sampleRate,
        channels: call.channels,
        signal,
      });
      for await (const event of events) if (event.type === 'delta') view.text += event.delta;
    } else {
      const result = streamTranscribe({
        model: createPolarGrid(conn).transcription(MODEL),
        audio: audioStream(call.bytes),
        inputAudioFormat: { type: call.mediaType, rate: call.sampleRate },
        abortSignal: signal,
      });
      for await (const part of result.fullStream) {
        if (part.type === 'error') throw part.error;
        if (part.type === 'transcript-delta') view.text += part.delta;
      }
    }
    view.ok = true;
    return view;
  } catch (error) {
    return fail(view, error);
  }
}

/** Runs one call, reporting it as hung (and aborting it) when it has no outcome in time. */
export async function runLiveTranscription(
  surface: LiveTranscriptionSurface,
  conn: HostileConnection,
  call: AudioCall,
): Promise<ChatView> {
  const controller = new AbortController();
  const started = performance.now();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const hung = new Promise<ChatView>((resolve) => {
    timer = setTimeout(() => {
      controller.abort();
      resolve({ ...blank(surface), hung: true, ms: call.limitMs });
    }, call.limitMs);
  });
  const view = await Promise.race([run(surface, conn, call, controller.signal), hung]);
  clearTimeout(timer);
  view.ms = Math.round(performance.now() - started);
  return view;
}
