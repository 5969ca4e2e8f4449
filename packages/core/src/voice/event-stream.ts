/**
 * The `ReadableStream` face of a pipeline: events are pulled from its generator one at a time
 * (nothing is produced for a reader that does not read), and cancelling the stream, or an error,
 * stops the pipeline (every request in flight, the input source).
 */
export interface StoppablePipeline<E> {
  deliver(): AsyncGenerator<E>;
  /** Cancels everything in flight. */
  stop(reason: unknown): void;
  /** Releases listeners after a normal end. */
  finish(): void;
}

export function pipelineStream<E>(pipeline: StoppablePipeline<E>): ReadableStream<E> {
  const events = pipeline.deliver();
  return new ReadableStream<E>(
    {
      async pull(controller) {
        try {
          const next = await events.next();
          if (next.done) {
            pipeline.finish();
            controller.close();
          } else {
            controller.enqueue(next.value);
          }
        } catch (error) {
          pipeline.stop(error);
          controller.error(error);
        }
      },
      cancel(reason) {
        pipeline.stop(reason);
      },
    },
    { highWaterMark: 0 },
  );
}
