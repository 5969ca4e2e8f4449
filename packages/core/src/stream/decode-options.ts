/** Options shared by every stream decoder. */
export interface DecodeOptions {
  /** Also emit a `raw` event with every parsed SSE data payload. */
  includeRaw?: boolean;
  /** Region id of the edge, copied onto emitted errors. */
  region?: string;
  /** Request id of the response, copied onto emitted errors. */
  requestId?: string;
  /** Response headers (lower-cased names), copied onto emitted errors. */
  headers?: Record<string, string>;
  /**
   * Longest wait for the next bytes while a read is pending, in milliseconds (the client option
   * of the same name). On expiry the body is cancelled and the stream ends with an `error` event
   * carrying a `TimeoutError` (`stream_stalled`). Unset, 0, negative or NaN: no stall detection;
   * a value past the timer range (`Infinity` included) means "very long", never "now".
   */
  streamIdleTimeout?: number;
  /** Aborting it cancels the body and errors the output stream with an `AbortError`. */
  signal?: AbortSignal;
  /** Called once, when the first content (text, reasoning or a tool call) is decoded. */
  onFirstContent?: () => void;
}

/** Options of the chat decoder (and of `decodeChatCompletion`). */
export interface ChatDecodeOptions extends DecodeOptions {
  /**
   * The request asked for reasoning (`enable_thinking: true`; the chat endpoint sets this from
   * the request body): `<think>…</think>` is split out of the content wherever it appears.
   * Otherwise only a block at the start of the output is reasoning (see `ThinkSplitter`).
   */
  reasoningRequested?: boolean | undefined;
}

/** The response facts the decoders copy onto the errors they create. */
export function errorContext(
  options: DecodeOptions | undefined,
): Pick<DecodeOptions, 'region' | 'requestId' | 'headers'> {
  return { region: options?.region, requestId: options?.requestId, headers: options?.headers };
}
