/** Why a browser voice helper failed. */
export type VoiceErrorCode =
  /** Nothing arrived within the deadline (a route that stalls). */
  | 'stalled'
  /** The stream ended without its end (a connection cut, half a sample). */
  | 'cut'
  /** The response is not what the helper reads (content type, sample rate, a line that is not JSON). */
  | 'bad-response'
  /** The route answered with an HTTP error status. */
  | 'http'
  /** The server reported a failure (the message is the server's). */
  | 'server'
  /** The microphone could not be opened (permission denied, no device, insecure origin). */
  | 'microphone'
  /** The browser lacks what the helper needs (AudioWorklet, getUserMedia). */
  | 'unsupported'
  /** An option is out of range (checked before any audio or network work). */
  | 'invalid-argument';

/** The one error type of the browser voice helpers; `code` says what went wrong. */
export class VoiceError extends Error {
  override readonly name = 'VoiceError';
  readonly code: VoiceErrorCode;
  /** The HTTP status, for `code: 'http'`. */
  readonly status: number | undefined;

  constructor(
    code: VoiceErrorCode,
    message: string,
    options?: { status?: number; cause?: unknown },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.status = options?.status;
  }
}

/** Narrows an unknown error to a {@link VoiceError} (works across bundles, unlike `instanceof`). */
export function isVoiceError(error: unknown): error is VoiceError {
  return (
    error instanceof Error &&
    error.name === 'VoiceError' &&
    typeof (error as { code?: unknown }).code === 'string'
  );
}
