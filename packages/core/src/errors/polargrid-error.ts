/** Fields every PolarGrid error carries. Absent values are `undefined`, never guessed. */
export interface PolarGridErrorInit {
  message: string;
  status?: number | undefined;
  code?: string | undefined;
  type?: string | undefined;
  region?: string | undefined;
  requestId?: string | undefined;
  retryable?: boolean | undefined;
  headers?: Record<string, string> | undefined;
  details?: unknown;
  /** The request URL (never contains the key). */
  url?: string | undefined;
  /** The raw response body text, when there was one (truncated to 4 KiB). */
  responseBody?: string | undefined;
  cause?: unknown;
}

const MARKER = Symbol.for('polargrid.error');

/**
 * Base class of every error this package throws or emits.
 *
 * The message never contains the API key: it is built from server text and our own words,
 * and server text is passed through {@link redactSecrets} before it is stored.
 */
export class PolarGridError extends Error {
  /** HTTP status, when the error came from an HTTP response. */
  readonly status: number | undefined;
  /** Machine-readable code from the error body (`rate_limit_exceeded`, `model_not_loaded`, …). */
  readonly code: string | undefined;
  /** Error type from the body (`rate_limit_error`, `authentication_error`, …). */
  readonly type: string | undefined;
  /** Region id of the edge that answered (or was being reached). */
  readonly region: string | undefined;
  /** Request id from any `*request-id` response header. */
  readonly requestId: string | undefined;
  /** Whether repeating the same request later may succeed. */
  readonly retryable: boolean;
  /** Response headers, lower-cased names. Empty when there was no response. */
  readonly headers: Record<string, string>;
  /** Extra detail: FastAPI validation items, the parsed error body, … */
  readonly details: unknown;
  /** The request URL, when the error relates to a request. */
  readonly url: string | undefined;
  /** The raw response body text (at most 4 KiB), when there was one. */
  readonly responseBody: string | undefined;

  constructor(init: PolarGridErrorInit) {
    super(
      redactSecrets(init.message),
      init.cause === undefined ? undefined : { cause: init.cause },
    );
    this.name = new.target.name;
    this.status = init.status;
    this.code = init.code;
    this.type = init.type;
    this.region = init.region;
    this.requestId = init.requestId;
    this.retryable = init.retryable ?? false;
    this.headers = init.headers ?? {};
    this.details = init.details;
    this.url = init.url;
    this.responseBody =
      init.responseBody === undefined ? undefined : redactSecrets(init.responseBody.slice(0, 4096));
    Object.defineProperty(this, MARKER, { value: true });
  }

  /** A plain, secret-free view for logs and JSON. */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      message: this.message,
      status: this.status,
      code: this.code,
      type: this.type,
      region: this.region,
      requestId: this.requestId,
      retryable: this.retryable,
    };
  }
}

/** True for any error created by this package, across duplicate copies of it. */
export function isPolarGridError(error: unknown): error is PolarGridError {
  return (
    typeof error === 'object' &&
    error !== null &&
    (error as Record<symbol, unknown>)[MARKER] === true
  );
}

const KEY_PATTERN = /\b(pg_)[A-Za-z0-9_-]{4,}/g;
const BEARER_PATTERN = /(Bearer\s+)[^\s"',]+/gi;

/** Replaces anything that looks like a PolarGrid key or a bearer token with a redacted form. */
export function redactSecrets(text: string): string {
  return text.replace(BEARER_PATTERN, '$1[redacted]').replace(KEY_PATTERN, '$1[redacted]');
}
