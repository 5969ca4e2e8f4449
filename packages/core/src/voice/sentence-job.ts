/**
 * One sentence's text-to-speech request: started as soon as the sentence is known, read ahead into
 * a queue while the sentence before it is still being delivered, and delivered later in order.
 */
import type { SpeechRequest } from '../types/other-types.js';
import type { RequestOptions } from '../types/options.js';
import type { PolarGridEdge } from '../connection/polargrid-edge.js';
import { streamSpeech } from '../endpoints/speech.js';
import { ServerError } from '../errors/error-classes.js';
import { PipelineJob } from './pipeline.js';

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

export class SentenceJob extends PipelineJob<Uint8Array> {
  readonly body: SpeechRequest;
  readonly timing: SentenceTiming;
  audioBytes = 0;
  readonly #clock: () => number;

  constructor(index: number, body: SpeechRequest, clock: () => number) {
    super(index);
    this.body = body;
    this.#clock = clock;
    this.timing = {
      requestedAtMs: clock(),
      headersAtMs: undefined,
      firstAudioAtMs: undefined,
      serverFirstByteMs: undefined,
    };
  }

  /** Sends the request and reads the whole body into the queue, read ahead. */
  start(edge: PolarGridEdge, options: RequestOptions): void {
    this.launch(() => this.#run(edge, options));
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
      this.queue.push(value);
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
  }
}
