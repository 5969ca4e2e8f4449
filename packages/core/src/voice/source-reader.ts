/** A pull-based reader over a voice pipeline's input: text deltas or audio chunks. */
export interface SourceReader<T> {
  next(): Promise<IteratorResult<T>>;
  /** Releases the source; never waits and never throws. */
  cancel(reason: unknown): void;
}

/** What a voice pipeline reads from: a `ReadableStream`, or an (async) iterable. */
export type Source<T> = ReadableStream<T> | AsyncIterable<T> | Iterable<T>;

function isAsyncIterable<T>(value: Source<T>): value is AsyncIterable<T> {
  return (
    typeof (value as { [Symbol.asyncIterator]?: unknown })[Symbol.asyncIterator] === 'function'
  );
}

/**
 * A reader for `source`. A `ReadableStream` is read through its reader (not every runtime makes
 * streams async-iterable); iterables are read through their iterators.
 */
export function readSource<T>(source: Source<T>): SourceReader<T> {
  if (typeof ReadableStream !== 'undefined' && source instanceof ReadableStream) {
    const reader = (source as ReadableStream<T>).getReader();
    return {
      next: () => reader.read() as Promise<IteratorResult<T>>,
      cancel: (reason) => void reader.cancel(reason).catch(() => {}),
    };
  }
  const iterator = isAsyncIterable(source)
    ? source[Symbol.asyncIterator]()
    : (source as Iterable<T>)[Symbol.iterator]();
  return {
    next: async () => iterator.next(),
    // Not awaited: an async generator queues `return()` behind a pending `next()`.
    cancel: () =>
      void Promise.resolve()
        .then(() => iterator.return?.())
        .catch(() => {
          // A source that fails while being released has nothing more to say.
        }),
  };
}
