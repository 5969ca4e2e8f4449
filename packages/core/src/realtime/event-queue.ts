/**
 * A bounded queue read as an async iterable by one consumer: the producer pushes events, then
 * ends it or fails it with an error, which the consumer sees after every queued event.
 */
export class EventQueue<T> implements AsyncIterable<T> {
  readonly #items: T[] = [];
  readonly #capacity: number;
  #waiting: ((result: IteratorResult<T>) => void) | undefined;
  #failWaiting: ((error: unknown) => void) | undefined;
  #done = false;
  #error: unknown;
  #iterated = false;

  readonly #onReturn: () => void;

  /** `onReturn` runs when the consumer stops early (`break` out of `for await`). */
  constructor(capacity: number, onReturn: () => void = () => {}) {
    this.#capacity = capacity;
    this.#onReturn = onReturn;
  }

  /** Adds an event; false (and nothing added) when the queue is full. */
  push(item: T): boolean {
    if (this.#done) return true;
    const waiting = this.#waiting;
    if (waiting) {
      this.#clearWaiting();
      waiting({ value: item, done: false });
      return true;
    }
    if (this.#items.length >= this.#capacity) return false;
    this.#items.push(item);
    return true;
  }

  /** No more events: the iteration ends after the queued ones. */
  end(): void {
    this.#finish(undefined);
  }

  /** The iteration throws `error` after the queued events. */
  fail(error: unknown): void {
    this.#finish(error);
  }

  #finish(error: unknown): void {
    if (this.#done) return;
    this.#done = true;
    this.#error = error;
    if (this.#items.length > 0) return;
    const waiting = this.#waiting;
    const failWaiting = this.#failWaiting;
    this.#clearWaiting();
    if (error !== undefined) failWaiting?.(error);
    else waiting?.({ value: undefined, done: true });
  }

  #clearWaiting(): void {
    this.#waiting = undefined;
    this.#failWaiting = undefined;
  }

  [Symbol.asyncIterator](): AsyncIterator<T> {
    if (this.#iterated) throw new TypeError('A PersonaPlex session can be iterated once.');
    this.#iterated = true;
    return {
      next: () => {
        const item = this.#items.shift();
        if (item !== undefined) return Promise.resolve({ value: item, done: false });
        if (this.#done) {
          return this.#error !== undefined
            ? Promise.reject(this.#error)
            : Promise.resolve({ value: undefined, done: true });
        }
        return new Promise<IteratorResult<T>>((resolve, reject) => {
          this.#waiting = resolve;
          this.#failWaiting = reject;
        });
      },
      return: () => {
        this.#done = true;
        this.#items.length = 0;
        this.#onReturn();
        return Promise.resolve({ value: undefined, done: true });
      },
    };
  }
}
