/**
 * Streaming transcription of live audio over PolarGrid's documented SSE transcription stream: the
 * incoming audio is cut into segments (see {@link AudioCutter}), each segment is transcribed with
 * `?stream=true` as soon as it is cut, and the transcript deltas come out in segment order.
 * PolarGrid's live-audio WebSocket is undocumented, so this is built on what is documented.
 */
import type { TranscriptionParams } from '../types/other-types.js';
import type { RequestOptions, ResponseMeta } from '../types/options.js';
import type { PolarGridEdge } from '../connection/polargrid-edge.js';
import { invalid } from '../errors/builders.js';
import type { PolarGridError } from '../errors/polargrid-error.js';
import { AudioCutter, type SegmentingOptions } from './audio-cutter.js';
import { Pipeline } from './pipeline.js';
import { readSource } from './source-reader.js';
import { type SegmentEvent, TranscriptionJob } from './transcription-job.js';
import { pcmFormatProblem } from './wav.js';

/** Options of {@link streamTranscriptionFromAudio}. */
export interface TranscriptionFromAudioOptions
  extends Omit<TranscriptionParams, 'response_format'> {
  /**
   * The audio's media type: `audio/pcm` (16-bit little-endian; see `sampleRate`), `audio/wav`, or
   * any other type PolarGrid transcribes (WebM, Ogg, MP3, …), which is sent whole at the end.
   */
  mediaType: string;
  /**
   * `audio/pcm` only: samples per second, an integer from 8 000 to 192 000. Default 24 000 (what
   * PolarGrid speech makes).
   */
  sampleRate?: number | undefined;
  /** `audio/pcm` only: interleaved channels, 1 to 8. Default 1. */
  channels?: number | undefined;
  /** Where segments end; see {@link AudioSegmenter}. */
  segmenting?: SegmentingOptions | undefined;
  /** Segments transcribed ahead of the one being delivered. Default 2. */
  lookahead?: number | undefined;
  signal?: AbortSignal | undefined;
  headers?: Record<string, string | undefined> | undefined;
  timeout?: number | undefined;
  maxRetries?: number | undefined;
}

/** A transcribed segment and where it sits in the audio (unknown for compressed input). */
export interface TranscribedSegment {
  text: string;
  startSecond: number | undefined;
  endSecond: number | undefined;
}

/**
 * Events of {@link streamTranscriptionFromAudio}. Joined, the `delta`s are the final text
 * (segments are separated by a space when neither side has one).
 */
export type TranscriptionFromAudioEvent =
  | { type: 'segment-start'; index: number; meta: ResponseMeta }
  | { type: 'delta'; index: number; delta: string }
  | ({ type: 'segment-end'; index: number; meta: ResponseMeta } & TranscribedSegment)
  | { type: 'segment-error'; index: number; error: PolarGridError }
  | {
      type: 'finish';
      text: string;
      segments: TranscribedSegment[];
      failedSegments: number;
      /** Seconds of PCM audio read (undefined for compressed input). */
      durationInSeconds: number | undefined;
    };

/** Live audio: a byte stream, or an (async) iterable of chunks. */
export type AudioInput =
  | ReadableStream<Uint8Array>
  | AsyncIterable<Uint8Array>
  | Iterable<Uint8Array>;

/** One run: segments of the audio are the jobs; each delivers its transcript deltas, then its end. */
class TranscriptionPipeline extends Pipeline<
  Uint8Array,
  SegmentEvent,
  TranscriptionJob,
  TranscriptionFromAudioEvent
> {
  readonly #edge: PolarGridEdge;
  readonly #options: TranscriptionFromAudioOptions;
  readonly #params: TranscriptionParams;
  readonly #cutter: AudioCutter;
  readonly #segments: TranscribedSegment[] = [];
  #text = '';
  #failed = 0;

  constructor(
    edge: PolarGridEdge,
    audio: AudioInput,
    cutter: AudioCutter,
    options: TranscriptionFromAudioOptions,
  ) {
    super({ input: readSource(audio), signal: options.signal, lookahead: options.lookahead ?? 2 });
    this.#edge = edge;
    this.#options = options;
    this.#cutter = cutter;
    const { model, language, prompt, temperature, punctuation } = options;
    this.#params = { model };
    if (language !== undefined) this.#params.language = language;
    if (prompt !== undefined) this.#params.prompt = prompt;
    if (temperature !== undefined) this.#params.temperature = temperature;
    if (punctuation !== undefined) this.#params.punctuation = punctuation;
  }

  /** Reads the audio, cuts it, and starts each segment's transcription when a slot is free. */
  protected async produce(): Promise<void> {
    const { headers, timeout, maxRetries } = this.#options;
    const request: RequestOptions = { signal: this.signal, headers, timeout, maxRetries };
    const startSegments = async (cuts: ReturnType<AudioCutter['flush']>) => {
      for (const cut of cuts) {
        await this.startJob(
          (index) => new TranscriptionJob(index, cut.file, cut),
          (job) => job.start(this.#edge, this.#params, request),
        );
      }
    };
    for (;;) {
      const next = await this.nextInput();
      if (next.done) break;
      if (!(next.value instanceof Uint8Array))
        throw invalid('Audio chunks must be Uint8Array bytes.', 'audio');
      await startSegments(this.#cutter.push(next.value));
    }
    await startSegments(this.#cutter.flush());
  }

  /** A delta as it joins the text so far: a space between segments when neither side has one. */
  #joined(delta: string, firstOfSegment: boolean): string {
    const needsSpace =
      firstOfSegment && this.#text !== '' && !/\s$/.test(this.#text) && !/^\s/.test(delta);
    return needsSpace ? ` ${delta}` : delta;
  }

  /** One segment: its start (once the headers are in), its deltas, then its end. */
  protected async *deliverJob(job: TranscriptionJob): AsyncGenerator<TranscriptionFromAudioEvent> {
    const { index } = job;
    let started = false;
    let deltas = '';
    let doneText: string | undefined;
    for (;;) {
      const event = await job.queue.next();
      if (!started && job.meta) {
        started = true;
        yield { type: 'segment-start', index, meta: job.meta };
      }
      if (event.done) break;
      if (event.value.type === 'done') {
        doneText = event.value.text;
        continue;
      }
      const delta = this.#joined(event.value.delta, deltas === '');
      deltas += event.value.delta;
      this.#text += delta;
      yield { type: 'delta', index, delta };
    }
    const text = doneText ?? deltas;
    if (deltas === '' && text.trim() !== '') {
      // A segment whose text came only in its done event still belongs in the delta stream.
      const delta = this.#joined(text, true);
      this.#text += delta;
      yield { type: 'delta', index, delta };
    }
    const segment = { text: text.trim(), startSecond: job.startSecond, endSecond: job.endSecond };
    if (segment.text !== '') this.#segments.push(segment);
    if (job.meta) yield { type: 'segment-end', index, meta: job.meta, ...segment };
  }

  protected failedJob(job: TranscriptionJob, error: PolarGridError): TranscriptionFromAudioEvent {
    this.#failed += 1;
    return { type: 'segment-error', index: job.index, error };
  }

  protected finishEvent(): TranscriptionFromAudioEvent {
    return {
      type: 'finish',
      text: this.#text,
      segments: [...this.#segments],
      failedSegments: this.#failed,
      durationInSeconds: this.#cutter.durationInSeconds,
    };
  }
}

/**
 * Transcribes live audio as it arrives: the audio is cut into segments (PCM and WAV at pauses and
 * at most every `maxSegmentMs`; other formats whole, at the end), each segment goes to PolarGrid's
 * SSE transcription stream as soon as it is cut, and transcript deltas come out in order.
 * Joined, the deltas are the final text. A segment that fails on its own is a `segment-error`
 * event; errors that would fail every segment error the stream. Aborting `signal`, or cancelling
 * the stream, cancels every request in flight and the audio source.
 *
 * Bad options throw a `ValidationError` at once, before any request.
 */
export function streamTranscriptionFromAudio(
  edge: PolarGridEdge,
  audio: AudioInput,
  options: TranscriptionFromAudioOptions,
): ReadableStream<TranscriptionFromAudioEvent> {
  if (typeof options.model !== 'string' || options.model.trim() === '')
    throw invalid('model must be a non-empty string.', 'model');
  if (typeof options.mediaType !== 'string' || options.mediaType.trim() === '')
    throw invalid(
      'mediaType must name the audio format, e.g. audio/pcm or audio/wav.',
      'mediaType',
    );
  // Checked whatever the media type: a WAV header's own format is checked when it arrives.
  const problem = pcmFormatProblem({
    sampleRate: options.sampleRate ?? 24_000,
    channels: options.channels ?? 1,
  });
  if (problem) throw invalid(problem.message, problem.field);
  const { lookahead } = options;
  if (lookahead !== undefined && !(Number.isInteger(lookahead) && lookahead >= 0 && lookahead <= 8))
    throw invalid('lookahead must be an integer from 0 to 8.', 'lookahead');
  let cutter: AudioCutter;
  try {
    cutter = new AudioCutter(
      options.mediaType,
      { sampleRate: options.sampleRate ?? 24_000, channels: options.channels ?? 1 },
      options.segmenting,
    );
  } catch (error) {
    if (error instanceof RangeError) throw invalid(error.message, 'segmenting');
    throw error;
  }
  return new TranscriptionPipeline(edge, audio, cutter, options).run(options.signal);
}
