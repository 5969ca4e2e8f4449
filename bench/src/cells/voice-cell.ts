/**
 * Voice: time to first audio when an answer is spoken while it streams
 * (`experimental_streamSpeech(streamText(...).textStream)`) against the sequential way (the whole
 * answer with `generateText`, then `generateSpeech`), on the edge emulator with realistic pacing.
 *
 * Measured in this process (the figures are hundreds of milliseconds of network pacing, not CPU),
 * one fresh provider per run so no route or connection is reused between the two ways.
 */
import { createPolarGrid } from '@polargrid/ai-sdk-provider';
import { SentenceSplitter } from '@polargrid/core/voice';
import { startEdgeEmulator } from '@polargrid/edge-emulator';
import {
  experimental_streamSpeech as streamSpeech,
  generateSpeech,
  generateText,
  streamText,
} from 'ai';
import type { BenchConfig } from '../config.ts';
import type { Cell, Entry } from '../results.ts';
import { spread } from '../stats.ts';

/** LLM: 250 ms to the first token, then 40 tokens/s; TTS: 120 ms to the first audio, 5× real time. */
const TIMING = { ttftMs: 250, tokensPerSecond: 40, speechFirstByteMs: 120 };
/** The emulator answers this question with five sentences. */
const PROMPT = 'What makes edge speech fast for users nearby?';
const VOICE = 'af_bella';
/** 24 kHz, 16-bit, mono. */
const BYTES_PER_MS = 48;

interface StreamedRun {
  firstAudioMs: number;
  /** LLM time to its first complete sentence plus that sentence's TTS time to first audio. */
  referenceMs: number;
  sentences: number;
  /** Playback that starts at the first audio would wait this long in total for later audio. */
  underrunMs: number;
  maxGapMs: number;
}

/**
 * Playing the chunks in real time from the first one: how long playback would stall waiting for
 * audio that had not arrived yet (total and longest stall).
 */
function underruns(arrivals: { atMs: number; bytes: number }[]): { total: number; max: number } {
  let clock = arrivals[0]?.atMs ?? 0;
  let total = 0;
  let max = 0;
  for (const chunk of arrivals) {
    const stall = Math.max(0, chunk.atMs - clock);
    total += stall;
    max = Math.max(max, stall);
    clock = Math.max(clock, chunk.atMs) + chunk.bytes / BYTES_PER_MS;
  }
  return { total, max };
}

async function streamedRun(options: ReturnType<typeof clientOptions>): Promise<StreamedRun> {
  const polargrid = createPolarGrid(options);
  const t0 = performance.now();
  const answer = streamText({
    model: polargrid('qwen-3.8-27b'),
    prompt: PROMPT,
    maxOutputTokens: 300,
  });
  // The moment the LLM completed its first sentence, seen on the text as the speech model reads it.
  let firstBoundaryMs: number | undefined;
  const splitter = new SentenceSplitter();
  const text = answer.textStream.pipeThrough(
    new TransformStream<string, string>({
      transform(delta, controller) {
        if (firstBoundaryMs === undefined && splitter.push(delta).length > 0)
          firstBoundaryMs = performance.now() - t0;
        controller.enqueue(delta);
      },
    }),
  );
  const speech = streamSpeech({ model: polargrid.speech('kokoro-82m'), text, voice: VOICE });
  const arrivals: { atMs: number; bytes: number }[] = [];
  for await (const chunk of speech.audioStream)
    arrivals.push({ atMs: performance.now() - t0, bytes: chunk.byteLength });
  const metadata = (await speech.providerMetadata).polargrid as {
    sentences: { requestedAtMs: number; firstAudioAtMs: number }[];
  };
  const first = metadata.sentences[0];
  if (!first || firstBoundaryMs === undefined || arrivals.length === 0)
    throw new Error('voice bench: the streamed answer produced no audio');
  const { total, max } = underruns(arrivals);
  return {
    firstAudioMs: arrivals[0]?.atMs ?? Number.NaN,
    referenceMs: firstBoundaryMs + (first.firstAudioAtMs - first.requestedAtMs),
    sentences: metadata.sentences.length,
    underrunMs: total,
    maxGapMs: max,
  };
}

async function sequentialRun(options: ReturnType<typeof clientOptions>): Promise<number> {
  const polargrid = createPolarGrid(options);
  const t0 = performance.now();
  const { text } = await generateText({
    model: polargrid('qwen-3.8-27b'),
    prompt: PROMPT,
    maxOutputTokens: 300,
  });
  await generateSpeech({
    model: polargrid.speech('kokoro-82m'),
    text,
    voice: VOICE,
    outputFormat: 'pcm',
  });
  return performance.now() - t0;
}

function clientOptions(emulator: Awaited<ReturnType<typeof startEdgeEmulator>>) {
  return emulator.clientOptions();
}

function entry(
  id: string,
  label: string,
  kind: Entry['kind'],
  samples: Record<string, number[]>,
): Entry {
  const metrics = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, spread(v)]));
  return { id, label, kind, status: 'ok', samples, metrics, ratios: {} };
}

export async function voiceCell(config: BenchConfig, log: (l: string) => void): Promise<Cell> {
  const emulator = await startEdgeEmulator({ timing: TIMING });
  const streamed: Record<string, number[]> = {
    firstAudioMs: [],
    referenceMs: [],
    sentences: [],
    underrunMs: [],
    maxGapMs: [],
  };
  const sequential: Record<string, number[]> = { firstAudioMs: [] };
  try {
    // One unmeasured run of each pays the process's own first-fetch set-up.
    await streamedRun(clientOptions(emulator));
    await sequentialRun(clientOptions(emulator));
    for (let rep = 0; rep < config.reps; rep++) {
      const run = await streamedRun(clientOptions(emulator));
      for (const [key, value] of Object.entries(run)) streamed[key]?.push(value);
      sequential.firstAudioMs?.push(await sequentialRun(clientOptions(emulator)));
      log(`  voice: repetition ${rep + 1}/${config.reps} done`);
    }
  } finally {
    await emulator.close();
  }
  const stream = entry(
    'stream-speech',
    'ours: experimental_streamSpeech(streamText().textStream)',
    'ours',
    streamed,
  );
  const whole = entry(
    'sequential',
    'sequential: generateText, then generateSpeech',
    'peer',
    sequential,
  );
  const streamedFirst = stream.metrics.firstAudioMs?.median ?? Number.NaN;
  whole.ratios.firstAudioMs = (whole.metrics.firstAudioMs?.median ?? Number.NaN) / streamedFirst;
  stream.ratios.firstAudioMs = streamedFirst / (stream.metrics.referenceMs?.median ?? Number.NaN);
  return {
    id: 'voice',
    title: 'Voice: time to first audio of a spoken answer',
    what: `The edge emulator with realistic pacing (LLM: ${TIMING.ttftMs} ms to the first token, ${TIMING.tokensPerSecond} tokens/s; TTS: ${TIMING.speechFirstByteMs} ms to the first audio, then five times real time), a five-sentence answer. "first audio" is from the call to the first audio bytes. For the streamed way, "reference" is the LLM's time to its first complete sentence plus that sentence's TTS time to first audio (goal: first audio ≤ 1.2 × reference, ratio shown on its row); the sequential row's ratio is how many times later its audio starts (goal ≥ 3). "underrun" is how long real-time playback started at the first audio would stall waiting for later sentences (total, and the longest gap).`,
    metrics: [
      { key: 'firstAudioMs', label: 'first audio', unit: 'ms', digits: 0 },
      {
        key: 'referenceMs',
        label: 'reference (first sentence + TTS first byte)',
        unit: 'ms',
        digits: 0,
      },
      { key: 'sentences', label: 'sentences', unit: '', digits: 0 },
      { key: 'underrunMs', label: 'underrun total', unit: 'ms', digits: 0 },
      { key: 'maxGapMs', label: 'longest gap', unit: 'ms', digits: 0 },
    ],
    entries: [stream, whole],
  };
}
