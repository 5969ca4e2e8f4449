/**
 * A core event stream as an AI SDK part stream: `first` (the `stream-start` part), then each
 * event `toPart` maps (events it returns `undefined` for are skipped), with read failures mapped
 * by `mapError`. Cancelling the parts cancels the core stream.
 */
export function partStream<E, P>(
  reader: ReadableStreamDefaultReader<E>,
  first: P,
  toPart: (event: E) => P | undefined,
  mapError: (error: unknown) => unknown,
): ReadableStream<P> {
  return new ReadableStream<P>({
    start(controller) {
      controller.enqueue(first);
    },
    // Reads until one part is out: a pull that enqueues nothing would not be called again.
    async pull(controller) {
      for (;;) {
        let event: ReadableStreamReadResult<E>;
        try {
          event = await reader.read();
        } catch (error) {
          controller.error(mapError(error));
          return;
        }
        if (event.done) {
          controller.close();
          return;
        }
        const part = toPart(event.value);
        if (part !== undefined) {
          controller.enqueue(part);
          return;
        }
      }
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
}
