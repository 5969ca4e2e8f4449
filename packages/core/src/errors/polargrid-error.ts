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

/** The init fields stored as given; the first five (with name, message, retryable) are what `toJSON` shows. */
const COPIED = ['status', 'code', 'type', 'region', 'requestId', 'details', 'url'] as const;

/**
 * Base class of every error this package throws or emits.
 *
 * The message never contains the API key: it is built from server text and our own words,
 * and server text is passed through {@link redactSecrets} before it is stored.
 *
 * Fields are `declare`d and set in the constructor (no class-field boilerplate in the bundle).
 */
export class PolarGridError extends Error {
  // Spelled out in every class: a minifier renames classes, so `new.target.name` would not do.
  override name = 'PolarGridError';
  /** HTTP status, when the error came from an HTTP response. */
  declare readonly status: number | undefined;
  /** Machine-readable code from the error body (`rate_limit_exceeded`, `model_not_loaded`, …). */
  declare readonly code: string | undefined;
  /** Error type from the body (`rate_limit_error`, `authentication_error`, …). */
  declare readonly type: string | undefined;
  /** Region id of the edge that answered (or was being reached). */
  declare readonly region: string | undefined;
  /** Request id from any `*request-id` response header. */
  declare readonly requestId: string | undefined;
  /** Whether repeating the same request later may succeed. */
  declare readonly retryable: boolean;
  /** Response headers, lower-cased names. Empty when there was no response. */
  declare readonly headers: Record<string, string>;
  /** Extra detail: FastAPI validation items, the parsed error body, … */
  declare readonly details: unknown;
  /** The request URL, when the error relates to a request. */
  declare readonly url: string | undefined;
  /** The raw response body text (at most 4 KiB), when there was one. */
  declare readonly responseBody: string | undefined;

  constructor(init: PolarGridErrorInit) {
    super(
      redactSecrets(init.message),
      init.cause === undefined ? undefined : { cause: init.cause },
    );
    const fields = this as Record<string, unknown>;
    for (const key of COPIED) fields[key] = init[key];
    this.retryable = init.retryable ?? false;
    this.headers = init.headers ?? {};
    this.responseBody = init.responseBody && redactSecrets(init.responseBody.slice(0, 4096));
    // The brand isPolarGridError reads. Not a class member: the unique symbol in the declared
    // type would make two copies of this package's error types incompatible.
    Object.defineProperty(this, MARKER, { value: true });
  }

  /** A plain, secret-free view for logs and JSON (no headers, details, URL or body). */
  toJSON(): Record<string, unknown> {
    const fields = this as Record<string, unknown>;
    return Object.fromEntries(
      ['name', 'message', ...COPIED.slice(0, 5), 'retryable'].map((key) => [key, fields[key]]),
    );
  }
}

/** True for any error created by this package, across duplicate copies of it. */
export function isPolarGridError(error: unknown): error is PolarGridError {
  // Primitives read `undefined` for the symbol, so only null and undefined need the `?.`.
  return (error as Record<symbol, unknown> | null | undefined)?.[MARKER] === true;
}

const KEY_PATTERN = /\b(pg_)[\w-]{4,}/g;
const BEARER_PATTERN = /(Bearer\s+)[^\s"',]+/gi;

/** Replaces anything that looks like a PolarGrid key or a bearer token with a redacted form. */
export function redactSecrets(text: string): string {
  return text.replace(BEARER_PATTERN, '$1[redacted]').replace(KEY_PATTERN, '$1[redacted]');
}
