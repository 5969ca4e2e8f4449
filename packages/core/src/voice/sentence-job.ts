/**
 * One sentence's text-to-speech request: started as soon as the sentence is known, read ahead into
 * a queue while the sentence before it is still being delivered, and delivered later in order.
 */
import type { SpeechRequest } from '../types/other-types.js';
import type { RequestOptions, ResponseMeta } from '../types/options.js';
import type { PolarGridEdge } from '../connection/polargrid-edge.js';
import { streamSpeech } from '../endpoints/speech.js';
import { ServerError } from '../errors/error-classes.js';
import { AsyncQueue } from './async-queue.js';

/** When a sentence's audio came, in milliseconds since the pipeline started. */
export interface SentenceTiming {
  /** The request was sent. */
  requestedAtMs: number;
  /** Response headers arrived. */
  headersAtMs: number | undefined;
  /** The first audio bytes arrived (read ahead: possibly before they were delivered). */
  firstAudioAtMs: number | undefined;
  /** The edge's own time to its first audio chunk (`X-Pg-First-Byte-Ms`), when it sent one. */
  serverFirstByteMs: number | undefined;
}

export class SentenceJob {
  readonly index: number;
  readonly body: SpeechRequest;
  readonly audio = new AsyncQueue<Uint8Array>();
  readonly timing: SentenceTiming;
  audioBytes = 0;
  meta: ResponseMeta | undefined;
  readonly #clock: () => number;
  #resolveDelivered!: () => void;
  /** Resolves once the reader has delivered (or given up on) this sentence: its slot is free. */
  readonly delivered = new Promise<void>((resolve) => {
    this.#resolveDelivered = resolve;
  });

  constructor(index: number, body: SpeechRequest, clock: () => number) {
    this.index = index;
    this.body = body;
    this.#clock = clock;
    this.timing = {
      requestedAtMs: clock(),
      headersAtMs: undefined,
      firstAudioAtMs: undefined,
      serverFirstByteMs: undefined,
    };
  }

  /** Sends the request and reads the whole body into {@link audio}; failures go into the queue. */
  start(edge: PolarGridEdge, options: RequestOptions): void {
    this.#run(edge, options).catch((error: unknown) => this.audio.fail(error));
  }

  markDelivered(): void {
    this.#resolveDelivered();
  }

  async #run(edge: PolarGridEdge, options: RequestOptions): Promise<void> {
    const { meta, events } = await streamSpeech(edge, this.body, options);
    this.meta = meta;
    this.timing.headersAtMs = this.#clock();
    const serverMs = Number(meta.headers['x-pg-first-byte-ms']);
    if (meta.headers['x-pg-first-byte-ms'] !== undefined && Number.isFinite(serverMs)) {
      this.timing.serverFirstByteMs = serverMs;
    }
    const reader = events.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (value.byteLength === 0) continue;
      this.timing.firstAudioAtMs ??= this.#clock();
      this.audioBytes += value.byteLength;
      this.audio.push(value);
    }
    if (this.audioBytes === 0) {
      // A 200 with no audio is not a silent sentence: the edge failed without saying so.
      throw new ServerError({
        message: `PolarGrid edge ${meta.region} answered sentence ${this.index + 1} with no audio.`,
        code: 'empty_audio',
        region: meta.region,
        requestId: meta.requestId,
      });
    }
    this.audio.close();
  }
}
