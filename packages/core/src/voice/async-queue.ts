/**
 * A first-in first-out queue read with `await next()`: the hand-over point between a task that
 * produces values (an HTTP body being read, a feeder reading text) and the one reader that
 * delivers them in order. Buffering is unbounded; callers bound it by how many producers they run.
 */
export class AsyncQueue<T> {
  #items: T[] = [];
  #closed = false;
  #failure: { error: unknown } | undefined;
  #waiting: ((result: IteratorResult<T>) => void) | undefined;
  #waitingFail: ((error: unknown) => void) | undefined;

  /** Adds a value (ignored once the queue is closed or failed). */
  push(item: T): void {
    if (this.#closed || this.#failure) return;
    const wake = this.#waiting;
    if (wake) {
      this.#clearWaiter();
      wake({ done: false, value: item });
    } else {
      this.#items.push(item);
    }
  }

  /** No more values: the reader gets the buffered ones, then `done`. */
  close(): void {
    if (this.#closed || this.#failure) return;
    this.#closed = true;
    if (this.#waiting && this.#items.length === 0) {
      const wake = this.#waiting;
      this.#clearWaiter();
      wake({ done: true, value: undefined });
    }
  }

  /**
   * The producer failed: the reader gets the buffered values, then `error`. A failure after
   * `close()` is ignored, except that `force` (an abort) also drops what is buffered.
   */
  fail(error: unknown, force = false): void {
    if (this.#failure) return;
    if (this.#closed && !force) return;
    this.#failure = { error };
    if (force) this.#items = [];
    if (this.#waiting && this.#items.length === 0) {
      const fail = this.#waitingFail;
      this.#clearWaiter();
      fail?.(error);
    }
  }

  /** The next value, `done` after `close()`, or a rejection after `fail()`. One reader at a time. */
  next(): Promise<IteratorResult<T>> {
    if (this.#items.length > 0) {
      return Promise.resolve({ done: false, value: this.#items.shift() as T });
    }
    if (this.#failure) return Promise.reject(this.#failure.error);
    if (this.#closed) return Promise.resolve({ done: true, value: undefined });
    return new Promise((resolve, reject) => {
      this.#waiting = resolve;
      this.#waitingFail = reject;
    });
  }

  #clearWaiter(): void {
    this.#waiting = undefined;
    this.#waitingFail = undefined;
  }
}
