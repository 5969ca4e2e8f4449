/**
 * The skeleton both voice pipelines share (speech for streamed text, transcription of live
 * audio): a feeder reads the input and starts one request (a job) per sentence or segment, at
 * most `lookahead` ahead of the one being delivered; a reader delivers the jobs strictly in order;
 * a job that fails on its own becomes an error event in its place; `stop()` cancels everything in
 * flight. Each pipeline says only what its jobs are and how one is delivered.
 */
import type { PolarGridError } from '../errors/polargrid-error.js';
import type { ResponseMeta } from '../types/options.js';
import { abortable, abortError, anySignal } from '../util/abort.js';
import { AsyncQueue } from './async-queue.js';
import { pipelineStream } from './event-stream.js';
import { concernsOneRequest } from './per-request-errors.js';
import type { SourceReader } from './source-reader.js';

/**
 * One request of a pipeline: started as soon as its input is known, read ahead into `queue` while
 * the jobs before it are delivered, delivered later in order.
 */
export abstract class PipelineJob<T> {
  readonly index: number;
  /** What the request yields (audio chunks, transcript events), read ahead; a failure ends it. */
  readonly queue = new AsyncQueue<T>();
  /** Set once the response headers are in. */
  meta: ResponseMeta | undefined;
  #resolveDelivered!: () => void;
  /** Resolves once the reader has delivered (or given up on) this job: its slot is free. */
  readonly delivered = new Promise<void>((resolve) => {
    this.#resolveDelivered = resolve;
  });

  constructor(index: number) {
    this.index = index;
  }

  /** Runs the request; what it yields goes into {@link queue}, then the end or the failure. */
  protected launch(run: () => Promise<void>): void {
    run().then(
      () => this.queue.close(),
      (error: unknown) => this.queue.fail(error),
    );
  }

  markDelivered(): void {
    this.#resolveDelivered();
  }
}

/** What a pipeline is given: its input, the caller's signal, and how far to read ahead. */
export interface PipelineSetup<I> {
  input: SourceReader<I>;
  signal: AbortSignal | undefined;
  lookahead: number;
}

/**
 * A pipeline run: the feeder and the reader around its jobs (see the file comment). `I` is an
 * input item, `T` what a job yields, `J` the job, `E` an event of the pipeline.
 */
export abstract class Pipeline<I, T, J extends PipelineJob<T>, E> {
  /** Aborted by {@link stop}, or after a normal end (releasing the caller's signal listener). */
  readonly #stop = new AbortController();
  /** The caller's signal and {@link stop} together: every request and wait runs under it. */
  protected readonly signal: AbortSignal;
  readonly #input: SourceReader<I>;
  readonly #lookahead: number;
  readonly #jobs = new AsyncQueue<J>();
  readonly #started: J[] = [];
  readonly #undelivered = new Set<J>();
  #stopped = false;

  constructor(setup: PipelineSetup<I>) {
    this.#input = setup.input;
    this.#lookahead = setup.lookahead;
    this.signal = anySignal([setup.signal, this.#stop.signal]);
    setup.signal?.addEventListener('abort', () => this.stop(setup.signal?.reason), {
      once: true,
      signal: this.#stop.signal,
    });
  }

  /** Reads the input and starts the jobs ({@link startJob}); called once by {@link feed}. */
  protected abstract produce(): Promise<void>;
  /** Delivers one job's events (its failure is handled by the skeleton). */
  protected abstract deliverJob(job: J): AsyncGenerator<E>;
  /** The event for a job that failed on its own (after whatever it delivered). */
  protected abstract failedJob(job: J, error: PolarGridError): E;
  /** The last event, after every job was delivered. */
  protected abstract finishEvent(): E;

  /** The next input item, or a rejection once the pipeline stops. */
  protected nextInput(): Promise<IteratorResult<I>> {
    return abortable(this.#input.next(), this.signal);
  }

  /**
   * Waits until fewer than `lookahead + 1` jobs are started and not yet delivered, then creates
   * the next job (`create` gets its index), starts it and queues it for delivery.
   */
  protected async startJob(create: (index: number) => J, start: (job: J) => void): Promise<void> {
    const waitFor = this.#started[this.#started.length - (this.#lookahead + 1)];
    if (waitFor) await abortable(waitFor.delivered, this.signal);
    const job = create(this.#started.length);
    this.#started.push(job);
    this.#undelivered.add(job);
    start(job);
    this.#jobs.push(job);
  }

  /** The feeder: runs {@link produce}; an input failure reaches the reader after the started jobs. */
  async feed(): Promise<void> {
    try {
      await this.produce();
      this.#jobs.close();
    } catch (error) {
      // Jobs already started are still delivered; then the reader meets this error.
      this.#jobs.fail(error);
      if (!this.#stopped) this.#input.cancel(error);
    }
  }

  /** The reader: every job in order (its events, or its error event), then the finish. */
  async *deliver(): AsyncGenerator<E> {
    for (;;) {
      const next = await this.#jobs.next();
      if (next.done) break;
      const job = next.value;
      try {
        yield* this.deliverJob(job);
      } catch (error) {
        if (this.signal.aborted || !concernsOneRequest(error)) throw error;
        yield this.failedJob(job, error);
      } finally {
        this.#undelivered.delete(job);
        job.markDelivered();
      }
    }
    yield this.finishEvent();
  }

  /** Cancels everything in flight: every request, the input, and the reader's wait. */
  stop(reason: unknown): void {
    if (this.#stopped) return;
    this.#stopped = true;
    const error = abortError(undefined, reason);
    this.#stop.abort(reason);
    this.#jobs.fail(error, true);
    for (const job of this.#undelivered) job.queue.fail(error, true);
    this.#input.cancel(reason);
  }

  /** Releases the caller's signal listener after a normal end. */
  finish(): void {
    if (!this.#stopped) this.#stop.abort();
    this.#stopped = true;
  }

  /**
   * Starts the run (or stops it at once for an aborted signal) and returns its events as a
   * `ReadableStream`: cancelling the stream, or an error, stops the pipeline.
   */
  run(signal: AbortSignal | undefined): ReadableStream<E> {
    if (signal?.aborted) this.stop(signal.reason);
    else void this.feed();
    return pipelineStream(this);
  }
}
