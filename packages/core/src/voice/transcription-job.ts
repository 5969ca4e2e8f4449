/**
 * One audio segment's `?stream=true` transcription: started as soon as the segment is cut, its
 * transcript events read ahead into a queue, delivered later in segment order.
 */
import type { TranscriptionStreamEvent } from '../stream/events.js';
import type { TranscriptionParams } from '../types/other-types.js';
import type { RequestOptions, ResponseMeta } from '../types/options.js';
import type { PolarGridEdge } from '../connection/polargrid-edge.js';
import { streamTranscription } from '../endpoints/transcription.js';
import { StreamInterruptedError } from '../errors/error-classes.js';
import { PipelineJob } from './pipeline.js';

/** A segment's transcript as it streams: text deltas, then the segment's whole text. */
export type SegmentEvent = { type: 'delta'; delta: string } | { type: 'done'; text: string };

export class TranscriptionJob extends PipelineJob<SegmentEvent> {
  readonly file: Blob;
  readonly startSecond: number | undefined;
  readonly endSecond: number | undefined;

  constructor(index: number, file: Blob, span: { startSecond?: number; endSecond?: number }) {
    super(index);
    this.file = file;
    this.startSecond = span.startSecond;
    this.endSecond = span.endSecond;
  }

  /** Sends the segment and reads its transcript events into the queue, read ahead. */
  start(edge: PolarGridEdge, params: TranscriptionParams, options: RequestOptions): void {
    this.launch(() => this.#run(edge, params, options));
  }

  async #run(
    edge: PolarGridEdge,
    params: TranscriptionParams,
    options: RequestOptions,
  ): Promise<void> {
    const { meta, events } = await streamTranscription(edge, this.file, params, options);
    this.meta = meta;
    const reader = events.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        this.#take(value, meta);
      }
    } catch (error) {
      reader.cancel(error).catch(() => {});
      throw error;
    }
  }

  /** Queues a delta or the done text; an `error` event or a cut stream fails this segment. */
  #take(event: TranscriptionStreamEvent, meta: ResponseMeta): void {
    if (event.type === 'transcript.text.delta') {
      this.queue.push({ type: 'delta', delta: event.delta });
    } else if (event.type === 'error') {
      throw event.error;
    } else if (event.interruption !== undefined) {
      throw new StreamInterruptedError({
        message: `The transcription stream of segment ${this.index + 1} from ${meta.region} was cut: ${event.interruption.message}`,
        code: 'stream_interrupted',
        region: meta.region,
        requestId: meta.requestId,
        partialText: event.text,
      });
    } else {
      this.queue.push({ type: 'done', text: event.text });
    }
  }
}
