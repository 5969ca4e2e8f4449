import { hash32 } from '../model/hash.js';
import { decodeOggOpus, isOgg } from './opus.js';
import { decodeUtterances } from './tone-codec.js';
import { parseWav, SAMPLE_RATE } from './wav.js';

export interface Segment {
  id: number;
  start: number;
  end: number;
  text: string;
}

export interface Transcript {
  text: string;
  duration: number;
  segments: Segment[];
  /** True when the audio was made by the emulator's speech endpoint (exact round trip). */
  fromEmulator: boolean;
}

const round = (x: number) => Math.round(x * 100) / 100;

/** Sentence-sized segments with times proportional to their position in the audio. */
function segmentsOf(text: string, start: number, secondsPerChar: number): Segment[] {
  const bytes = (s: string) => new TextEncoder().encode(s).length;
  const parts = text.match(/[^.!?]+[.!?]*\s*/g) ?? [text];
  let offset = 0;
  return parts.map((part, id) => {
    const from = start + offset * secondsPerChar;
    offset += bytes(part);
    return {
      id,
      start: round(from),
      end: round(start + offset * secondsPerChar),
      text: part.trim(),
    };
  });
}

/**
 * Transcribes uploaded audio: emulator speech (WAV, Ogg Opus or raw 24 kHz PCM) decodes back to its text;
 * several utterances with silence around or between them (a recording of streamed speech, a
 * microphone) decode to their texts joined by a space. Any other audio gets a deterministic
 * placeholder derived from its length.
 */
export function transcribe(file: Buffer): Transcript {
  const wav = parseWav(file);
  const ogg = wav ? undefined : isOgg(file) ? decodeOggOpus(file) : undefined;
  const pcm =
    ogg ??
    (wav
      ? wav.bitsPerSample === 16 && wav.channels === 1 && wav.sampleRate === SAMPLE_RATE
        ? wav.data
        : undefined
      : file);
  const utterances = pcm ? decodeUtterances(pcm) : undefined;
  if (utterances) {
    const segments = utterances
      .flatMap((u) => segmentsOf(u.text, u.payloadStart, u.secondsPerByte))
      .map((segment, id) => ({ ...segment, id }));
    return {
      text: utterances.map((u) => u.text).join(' '),
      duration: round((pcm?.length ?? 0) / 2 / SAMPLE_RATE),
      segments,
      fromEmulator: true,
    };
  }
  const duration = wav
    ? wav.data.length / (wav.sampleRate * wav.channels * (wav.bitsPerSample / 8))
    : file.length / 16_000; // ~128 kbps compressed audio
  const tag = hash32(file.toString('base64', 0, Math.min(file.length, 4096))).toString(16);
  const text = `Placeholder transcript of ${round(duration)} seconds of audio (${file.length} bytes, ${tag}).`;
  return {
    text,
    duration: round(duration),
    segments: [{ id: 0, start: 0, end: round(duration), text }],
    fromEmulator: false,
  };
}

function stamp(seconds: number, separator: ',' | '.'): string {
  const ms = Math.round(seconds * 1000);
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = Math.floor((ms % 60_000) / 1000);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${pad(h)}:${pad(m)}:${pad(s)}${separator}${pad(ms % 1000, 3)}`;
}

/** The body for a `response_format`, with its content type. */
export function formatTranscript(
  t: Transcript,
  format: string,
  language: string,
): { contentType: string; body: string; json: unknown } {
  switch (format) {
    case 'text':
      return { contentType: 'text/plain; charset=utf-8', body: t.text, json: t.text };
    case 'srt': {
      const body = t.segments
        .map((s, i) => `${i + 1}\n${stamp(s.start, ',')} --> ${stamp(s.end, ',')}\n${s.text}\n`)
        .join('\n');
      return { contentType: 'text/plain; charset=utf-8', body, json: body };
    }
    case 'vtt': {
      const cues = t.segments.map(
        (s) => `${stamp(s.start, '.')} --> ${stamp(s.end, '.')}\n${s.text}\n`,
      );
      const body = `WEBVTT\n\n${cues.join('\n')}`;
      return { contentType: 'text/vtt; charset=utf-8', body, json: body };
    }
    case 'verbose_json': {
      const json = {
        task: 'transcribe',
        language,
        duration: t.duration,
        text: t.text,
        segments: t.segments.map((s) => ({
          ...s,
          seek: 0,
          tokens: [],
          temperature: 0,
          avg_logprob: -0.1,
          compression_ratio: 1,
          no_speech_prob: 0.01,
        })),
      };
      return { contentType: 'application/json', body: JSON.stringify(json), json };
    }
    default: {
      const json = { text: t.text };
      return { contentType: 'application/json', body: JSON.stringify(json), json };
    }
  }
}

/** Splits a transcript into 4–7 non-overlapping deltas (word boundaries) for stream mode. */
export function transcriptDeltas(text: string): string[] {
  const words = text.match(/\S+\s*/g) ?? [text];
  const count = Math.max(1, Math.min(7, Math.max(4, Math.ceil(words.length / 3)), words.length));
  const deltas: string[] = [];
  for (let i = 0; i < count; i++) {
    const from = Math.round((i * words.length) / count);
    const to = Math.round(((i + 1) * words.length) / count);
    deltas.push(words.slice(from, to).join(''));
  }
  return deltas.filter(Boolean);
}
