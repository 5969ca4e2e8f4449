/**
 * The text a speech pipeline reads: a whole string, an array (or any iterable), an async iterable
 * (an async generator, `streamText(...).textStream`) or a `ReadableStream` of text deltas, each a
 * plain string or a part with its own speech settings.
 */

/** Settings a text part may change for the sentences it starts. */
export interface SpeechPartSettings {
  /** The voice for this part (kokoro voice id, or tada's `default` / reference clip). */
  voice?: string | undefined;
  /** 0.25–4.0. */
  speed?: number | undefined;
  /** tada-3b-ml only: the language of the text. */
  language?: string | undefined;
  /** tada-3b-ml only: the exact words of the reference clip when `voice` is a URL or base64 WAV. */
  voiceTranscript?: string | undefined;
}

/** One piece of streamed text with optional settings of its own. */
export interface SpeechTextPart extends SpeechPartSettings {
  text: string;
}

/** Everything {@link streamSpeechFromText} accepts as text. */
export type SpeechTextInput =
  | string
  | Iterable<string | SpeechTextPart>
  | AsyncIterable<string | SpeechTextPart>
  | ReadableStream<string | SpeechTextPart>;

/** A pull-based reader over any {@link SpeechTextInput}; `cancel` releases the source. */
export interface TextReader {
  next(): Promise<IteratorResult<string | SpeechTextPart>>;
  cancel(reason: unknown): Promise<void>;
}

function isAsyncIterable(value: object): value is AsyncIterable<string | SpeechTextPart> {
  return (
    typeof (value as { [Symbol.asyncIterator]?: unknown })[Symbol.asyncIterator] === 'function'
  );
}

/**
 * A reader for `input`. A `ReadableStream` is read through its reader (not every runtime makes
 * streams async-iterable); iterables are read through their iterators.
 */
export function readText(input: SpeechTextInput): TextReader {
  if (typeof input === 'string') input = [input];
  if (typeof ReadableStream !== 'undefined' && input instanceof ReadableStream) {
    const reader = (input as ReadableStream<string | SpeechTextPart>).getReader();
    return {
      next: () => reader.read() as Promise<IteratorResult<string | SpeechTextPart>>,
      cancel: (reason) => reader.cancel(reason).catch(() => {}),
    };
  }
  const iterator = isAsyncIterable(input)
    ? input[Symbol.asyncIterator]()
    : (input as Iterable<string | SpeechTextPart>)[Symbol.iterator]();
  return {
    next: async () => iterator.next(),
    // Not awaited: an async generator queues `return()` behind a pending `next()`.
    cancel: async () => {
      Promise.resolve()
        .then(() => iterator.return?.())
        .catch(() => {
          // A source that fails while being released has nothing more to say.
        });
    },
  };
}
