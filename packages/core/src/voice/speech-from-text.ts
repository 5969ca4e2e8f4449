/**
 * Streaming speech for streamed text: the text is cut at sentence boundaries, each sentence is its
 * own `POST /v1/audio/speech` (`stream: true`) request, the next sentence's request is in flight
 * while the one before it is delivered, and audio comes out strictly in sentence order.
 */
import type { SpeechFormat, SpeechRequest } from '../types/other-types.js';
import type { RequestOptions, ResponseMeta } from '../types/options.js';
import type { PolarGridEdge } from '../connection/polargrid-edge.js';
import { invalid } from '../errors/builders.js';
import type { PolarGridError } from '../errors/polargrid-error.js';
import { Pipeline } from './pipeline.js';
import { SentenceJob, type SentenceTiming } from './sentence-job.js';
import { SentenceSplitter } from './sentence-splitter.js';
import { readSource } from './source-reader.js';
import type { SpeechPartSettings, SpeechTextInput, SpeechTextPart } from './text-input.js';

export type { SentenceTiming } from './sentence-job.js';

/** The formats PolarGrid streams: raw 24 kHz 16-bit mono PCM (the default), or Opus. */
export type StreamingSpeechFormat = Extract<SpeechFormat, 'pcm' | 'opus'>;

/** Options of {@link streamSpeechFromText}. Part settings override the call's for their sentences. */
export interface SpeechFromTextOptions extends SpeechPartSettings {
  /** `kokoro-82m` or `tada-3b-ml`. */
  model: string;
  /** The voice of every sentence whose part names none. */
  voice: string;
  /** Default `pcm`. */
  format?: StreamingSpeechFormat | undefined;
  /** Longest sentence before a forced cut, in characters. Default 250. */
  maxSentenceChars?: number | undefined;
  /**
   * How many sentences are requested ahead of the one being delivered. Default 1: the next
   * sentence's request is in flight while the current one streams.
   */
  lookahead?: number | undefined;
  signal?: AbortSignal | undefined;
  headers?: Record<string, string | undefined> | undefined;
  /** Per-request timeout to response headers, in milliseconds. */
  timeout?: number | undefined;
  maxRetries?: number | undefined;
}

/** What a whole run used. */
export interface SpeechFromTextUsage {
  /** Characters (Unicode code points) sent for synthesis. */
  characters: number;
  sentences: number;
  failedSentences: number;
  audioBytes: number;
}

/** Events of {@link streamSpeechFromText}, in order: per sentence `sentence-start`, `audio`…, then `sentence-end` or `sentence-error`; `finish` last. */
export type SpeechFromTextEvent =
  | {
      type: 'sentence-start';
      index: number;
      text: string;
      /** The wire body sent for this sentence. */
      request: SpeechRequest;
      meta: ResponseMeta;
    }
  | { type: 'audio'; index: number; audio: Uint8Array }
  | {
      type: 'sentence-end';
      index: number;
      audioBytes: number;
      meta: ResponseMeta;
      timing: SentenceTiming;
    }
  | {
      /** This sentence failed (after any audio it delivered); the next sentences still come. */
      type: 'sentence-error';
      index: number;
      text: string;
      error: PolarGridError;
      timing: SentenceTiming;
    }
  | {
      type: 'finish';
      usage: SpeechFromTextUsage;
      /** Milliseconds from the call to the first audio bytes delivered. */
      firstAudioAtMs: number | undefined;
    };

const STREAMING_FORMATS: readonly StreamingSpeechFormat[] = ['pcm', 'opus'];

function checkOptions(options: SpeechFromTextOptions): void {
  if (typeof options.model !== 'string' || options.model.trim() === '')
    throw invalid('model must be a non-empty string.', 'model');
  if (typeof options.voice !== 'string' || options.voice.trim() === '')
    throw invalid('voice must be a non-empty string.', 'voice');
  if (options.format !== undefined && !STREAMING_FORMATS.includes(options.format))
    throw invalid(
      `format must be one of ${STREAMING_FORMATS.join(', ')} for streamed speech (got ${JSON.stringify(options.format)}).`,
      'format',
    );
  const { lookahead, maxSentenceChars } = options;
  if (lookahead !== undefined && !(Number.isInteger(lookahead) && lookahead >= 0 && lookahead <= 4))
    throw invalid('lookahead must be an integer from 0 to 4.', 'lookahead');
  if (maxSentenceChars !== undefined && !(maxSentenceChars >= 20))
    throw invalid('maxSentenceChars must be at least 20.', 'maxSentenceChars');
}

function settingsOf(part: SpeechPartSettings, base: SpeechFromTextOptions): SpeechPartSettings {
  return {
    voice: part.voice ?? base.voice,
    speed: part.speed ?? base.speed,
    language: part.language ?? base.language,
    voiceTranscript: part.voiceTranscript ?? base.voiceTranscript,
  };
}

function partOf(value: unknown): SpeechTextPart {
  if (typeof value === 'string') return { text: value };
  if (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as SpeechTextPart).text === 'string'
  )
    return value as SpeechTextPart;
  throw invalid('Each text item must be a string or an object with a string `text`.', 'text');
}

const now: () => number =
  typeof performance !== 'undefined' ? () => performance.now() : () => Date.now();

/** One run: sentences of the text are the jobs; each delivers its audio, then its end. */
class SpeechPipeline extends Pipeline<
  string | SpeechTextPart,
  Uint8Array,
  SentenceJob,
  SpeechFromTextEvent
> {
  readonly #edge: PolarGridEdge;
  readonly #options: SpeechFromTextOptions;
  readonly #startedAt = now();
  readonly #usage: SpeechFromTextUsage = {
    characters: 0,
    sentences: 0,
    failedSentences: 0,
    audioBytes: 0,
  };
  #firstAudioAtMs: number | undefined;

  constructor(edge: PolarGridEdge, input: SpeechTextInput, options: SpeechFromTextOptions) {
    super({
      input: readSource(typeof input === 'string' ? [input] : input),
      signal: options.signal,
      lookahead: options.lookahead ?? 1,
    });
    this.#edge = edge;
    this.#options = options;
  }

  readonly #clock = (): number => now() - this.#startedAt;

  get #requestOptions(): RequestOptions {
    const { headers, timeout, maxRetries } = this.#options;
    return { signal: this.signal, headers, timeout, maxRetries };
  }

  #startSentence(text: string, settings: SpeechPartSettings): Promise<void> {
    return this.startJob(
      (index) => new SentenceJob(index, this.#bodyFor(text, settings), this.#clock),
      (job) => {
        this.#usage.sentences += 1;
        this.#usage.characters += [...text].length;
        job.start(this.#edge, this.#requestOptions);
      },
    );
  }

  /** Reads the text and cuts it into sentences, each started when a slot is free. */
  protected async produce(): Promise<void> {
    let splitter = new SentenceSplitter(this.#options.maxSentenceChars);
    let settings = settingsOf({}, this.#options);
    let settingsKey = JSON.stringify(settings);
    for (;;) {
      const next = await this.nextInput();
      if (next.done) break;
      const part = partOf(next.value);
      const partSettings = settingsOf(part, this.#options);
      const partKey = JSON.stringify(partSettings);
      if (partKey !== settingsKey) {
        // A sentence has one voice: new settings close the sentence in progress.
        const rest = splitter.flush();
        if (rest !== undefined) await this.#startSentence(rest, settings);
        splitter = new SentenceSplitter(this.#options.maxSentenceChars);
        settings = partSettings;
        settingsKey = partKey;
      }
      for (const sentence of splitter.push(part.text))
        await this.#startSentence(sentence, settings);
    }
    const last = splitter.flush();
    if (last !== undefined) await this.#startSentence(last, settings);
  }

  #bodyFor(text: string, settings: SpeechPartSettings): SpeechRequest {
    const body: SpeechRequest = {
      model: this.#options.model,
      input: text,
      voice: settings.voice ?? this.#options.voice,
      response_format: this.#options.format ?? 'pcm',
    };
    if (settings.speed !== undefined) body.speed = settings.speed;
    if (settings.language !== undefined) body.language = settings.language;
    if (settings.voiceTranscript !== undefined) body.voice_transcript = settings.voiceTranscript;
    return body;
  }

  /** One sentence: its start (once the headers are in), its audio, then its end. */
  protected async *deliverJob(job: SentenceJob): AsyncGenerator<SpeechFromTextEvent> {
    const { index } = job;
    let started = false;
    for (;;) {
      const chunk = await job.queue.next();
      if (!started && job.meta) {
        started = true;
        yield {
          type: 'sentence-start',
          index,
          text: job.body.input,
          request: job.body,
          meta: job.meta,
        };
      }
      if (chunk.done) break;
      this.#firstAudioAtMs ??= this.#clock();
      this.#usage.audioBytes += chunk.value.byteLength;
      yield { type: 'audio', index, audio: chunk.value };
    }
    if (job.meta)
      yield {
        type: 'sentence-end',
        index,
        audioBytes: job.audioBytes,
        meta: job.meta,
        timing: job.timing,
      };
  }

  protected failedJob(job: SentenceJob, error: PolarGridError): SpeechFromTextEvent {
    this.#usage.failedSentences += 1;
    return {
      type: 'sentence-error',
      index: job.index,
      text: job.body.input,
      error,
      timing: job.timing,
    };
  }

  protected finishEvent(): SpeechFromTextEvent {
    return { type: 'finish', usage: { ...this.#usage }, firstAudioAtMs: this.#firstAudioAtMs };
  }
}

/**
 * Speaks streamed text on one edge, sentence by sentence (see {@link SentenceSplitter} for where
 * sentences end). The first request starts as soon as the first sentence is complete; while a
 * sentence's audio is delivered, the next `lookahead` sentences' requests are already in flight
 * and read ahead, so audio comes out gap-free and strictly in order.
 *
 * A sentence that fails on its own (a 5xx such as PolarGrid's 502 synthesis failure, a dropped or
 * stalled stream) becomes a `sentence-error` event after whatever audio it delivered, and the next
 * sentences follow. Errors that would fail every sentence (authentication, validation, model not
 * loaded) error the stream. Aborting `signal`, or cancelling the returned stream, cancels every
 * request in flight and the text source; the stream then errors with an `AbortError`.
 *
 * Bad options throw a `ValidationError` at once, before any request.
 */
export function streamSpeechFromText(
  edge: PolarGridEdge,
  text: SpeechTextInput,
  options: SpeechFromTextOptions,
): ReadableStream<SpeechFromTextEvent> {
  checkOptions(options);
  return new SpeechPipeline(edge, text, options).run(options.signal);
}
