/**
 * What the packed-provider test runs in Node and in Chromium: both AI SDK voice entry points
 * against the edge emulator, exactly as an app would call them. It measures and returns plain
 * JSON facts; the test asserts on them. It is copied next to the installed tarballs, so `ai` here
 * resolves to that project's copy and the provider comes in as an argument (the entry files import
 * it by its package name). Only web APIs: the same file runs in both places.
 */
import {
  experimental_streamSpeech as streamSpeech,
  experimental_streamTranscribe as streamTranscribe,
  transcribe,
} from 'ai';
import { pcmToWav } from '@polargrid/core/voice';
import type { createPolarGrid } from '../../src/index.js';

/** Said as three sentences, typed word by word. */
export const SENTENCES = [
  'The edge speaks first.',
  'Then it keeps on talking.',
  'And now it stops.',
] as const;
const TEXT = SENTENCES.join(' ');
/** PolarGrid speech: 24 kHz, 16-bit, mono. */
const RATE = 24_000;
/** How long the "LLM" takes per word. */
const WORD_MS = 60;
/** 100 ms of audio per microphone chunk, sent at five times real time. */
const CHUNK_BYTES = 4_800;
const CHUNK_MS = 20;

export interface ScenarioOptions {
  apiKey: string;
  autorouterURL: string;
  edgeURLs: Record<string, string>;
  /** Set in the browser, where the core refuses a key without it. */
  dangerouslyAllowBrowser?: boolean;
}

export interface VoiceFacts {
  speech: {
    /** Every audio part in arrival order: its id (sentence index), size, format, arrival time. */
    parts: { id: string | undefined; bytes: number; format: string; atMs: number }[];
    /** When the text stream delivered its last delta. */
    textEndedAtMs: number;
    sentences: unknown;
    /** SHA-256 of all the audio bytes, concatenated in arrival order. */
    sha256: string;
    /** `transcribe()` of that audio: the emulator's speech decodes back to its text, in order. */
    heard: string;
  };
  transcription: {
    deltas: { delta: string; atMs: number }[];
    finals: string[];
    /** When the last microphone chunk was handed over. */
    audioEndedAtMs: number;
    text: string;
    /** `transcribe()` of the same audio as one WAV file. */
    whole: string;
  };
  /** Opus, the other format PolarGrid streams: what came back. */
  opus: {
    parts: string[];
    error: { name: string; statusCode?: number; message: string } | null;
    /** The streamed Ogg Opus bytes, base64 (decoded by an independent decoder in the test). */
    base64: string;
    /** `transcribe()` of those bytes: what the emulator hears in the Opus it sent. */
    heard: string | null;
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function concat(chunks: readonly Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.byteLength, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

const silence = (ms: number) => new Uint8Array(Math.round((ms / 1000) * RATE) * 2);

/** A WAV file for 24 kHz 16-bit mono PCM (the packed core's writer; the emulator reads it). */
const wav = (pcm: Uint8Array) => pcmToWav(pcm, { sampleRate: RATE, channels: 1 });

function base64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

async function sha256(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

function errorFacts(error: unknown): { name: string; statusCode?: number; message: string } {
  const e = error as { name?: string; statusCode?: number; message?: string };
  return {
    name: String(e.name),
    ...(e.statusCode !== undefined ? { statusCode: e.statusCode } : {}),
    message: String(e.message),
  };
}

export async function runVoiceScenario(
  create: typeof createPolarGrid,
  options: ScenarioOptions,
): Promise<VoiceFacts> {
  const pg = create(options);
  const started = performance.now();
  const now = () => Math.round(performance.now() - started);

  // 1. experimental_streamSpeech, text as a stream of deltas (as streamText().textStream gives).
  const words = TEXT.split(/(?<= )/);
  let textEndedAtMs = -1;
  const text = new ReadableStream<string>({
    async pull(controller) {
      await sleep(WORD_MS);
      const word = words.shift();
      if (word !== undefined) return controller.enqueue(word);
      textEndedAtMs = now();
      controller.close();
    },
  });
  const speech = streamSpeech({ model: pg.speech('kokoro-82m'), text, voice: 'af_bella' });
  const parts: VoiceFacts['speech']['parts'] = [];
  const audioBySentence = new Map<string, Uint8Array[]>();
  for await (const part of speech.fullStream) {
    if (part.type === 'error') throw part.error;
    if (part.type !== 'audio') continue;
    const { type, rate } = part.audioFormat;
    parts.push({
      id: part.id,
      bytes: part.audio.byteLength,
      format: rate === undefined ? type : `${type};rate=${rate}`,
      atMs: now(),
    });
    const id = part.id ?? '?';
    audioBySentence.set(id, [...(audioBySentence.get(id) ?? []), part.audio]);
  }
  const spoken = concat([...audioBySentence.values()].flat());
  const transcription = pg.transcription('whisper-large-v3-turbo');
  const heard = await transcribe({ model: transcription, audio: wav(spoken) });

  // 2. experimental_streamTranscribe: that speech as a microphone gives it, a speaker's pause
  //    after each sentence, in 100 ms chunks.
  const microphone = concat([
    silence(150),
    ...[...audioBySentence.values()].flatMap((chunks) => [...chunks, silence(500)]),
  ]);
  let audioEndedAtMs = -1;
  let sent = 0;
  const audio = new ReadableStream<Uint8Array>({
    async pull(controller) {
      await sleep(CHUNK_MS);
      if (sent < microphone.byteLength) {
        controller.enqueue(microphone.slice(sent, sent + CHUNK_BYTES));
        sent += CHUNK_BYTES;
        return;
      }
      audioEndedAtMs = now();
      controller.close();
    },
  });
  const transcribed = streamTranscribe({
    model: transcription,
    audio,
    inputAudioFormat: { type: 'audio/pcm', rate: RATE },
  });
  const deltas: VoiceFacts['transcription']['deltas'] = [];
  const finals: string[] = [];
  for await (const part of transcribed.fullStream) {
    if (part.type === 'error') throw part.error;
    if (part.type === 'transcript-delta') deltas.push({ delta: part.delta, atMs: now() });
    if (part.type === 'transcript-final') finals.push(part.text);
  }
  const whole = await transcribe({ model: transcription, audio: wav(microphone) });

  // 3. Opus: PolarGrid streams it (pcm or opus); whatever the edge answers is reported.
  const opusParts: string[] = [];
  const opusAudio: Uint8Array[] = [];
  let opusError: VoiceFacts['opus']['error'] = null;
  try {
    const opus = streamSpeech({
      model: pg.speech('kokoro-82m'),
      text: 'Opus, please.',
      voice: 'af_bella',
      outputFormat: { type: 'audio/opus' },
      onError: () => {},
    });
    for await (const part of opus.fullStream) {
      opusParts.push(part.type === 'audio' ? `audio ${part.audioFormat.type}` : part.type);
      if (part.type === 'audio') opusAudio.push(part.audio);
      if (part.type === 'error') opusError ??= errorFacts(part.error);
    }
  } catch (error) {
    opusError = errorFacts(error);
  }

  return {
    speech: {
      parts,
      textEndedAtMs,
      sentences: (await speech.usage).raw?.sentences,
      sha256: await sha256(spoken),
      heard: heard.text,
    },
    transcription: {
      deltas,
      finals,
      audioEndedAtMs,
      text: await transcribed.text,
      whole: whole.text,
    },
    opus: {
      parts: [...new Set(opusParts)],
      error: opusError,
      base64: base64(concat(opusAudio)),
      heard:
        opusAudio.length > 0
          ? (await transcribe({ model: transcription, audio: concat(opusAudio) })).text
          : null,
    },
  };
}
