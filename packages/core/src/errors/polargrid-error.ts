import { defineInspect } from '../util/inspect.js';
import type { PolarGridErrorCode } from './codes.js';
import { redactDeep, redactHeaders, redactSecrets } from './redact.js';

/** Fields every PolarGrid error carries. Absent values are `undefined`, never guessed. */
export interface PolarGridErrorInit {
  message: string;
  status?: number | undefined;
  /** What went wrong, as one of the codes the core sets. */
  code?: PolarGridErrorCode | undefined;
  /**
   * The code the edge sent (error body or in-stream error), kept as sent. It becomes
   * {@link PolarGridError.code} when `code` is not set.
   */
  serverCode?: string | undefined;
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

/** Longest response body kept on an error. */
const MAX_BODY_CHARS = 4096;

/**
 * Base class of every error this package throws or emits.
 *
 * Nothing it holds shows the API key: the message, response body, URL, headers and every
 * string inside `details` pass through redaction when the error is built (the configured key
 * verbatim, and anything shaped like a key or bearer token). `JSON.stringify` uses
 * {@link PolarGridError.toJSON}; Node's `util.inspect` and `console.error` use a redacted
 * rendering that also covers `cause`.
 */
export class PolarGridError extends Error {
  // Spelled out in every class: a minifier renames classes, so `new.target.name` would not do.
  override name = 'PolarGridError';
  /** HTTP status, when the error came from an HTTP response. */
  readonly status: number | undefined;
  /**
   * Machine-readable code: one of {@link PolarGridErrorCode} (see the core README's table), or
   * the code the edge sent when the core has none of its own for the error.
   */
  readonly code: PolarGridErrorCode | (string & {}) | undefined;
  /** Error type from the body (`rate_limit_error`, `authentication_error`, …). */
  readonly type: string | undefined;
  /** Region id of the edge that answered (or was being reached). */
  readonly region: string | undefined;
  /** Request id from any `*request-id` response header. */
  readonly requestId: string | undefined;
  /** Whether repeating the same request later may succeed. */
  readonly retryable: boolean;
  /** Response headers, lower-cased names, credentials redacted. Empty when there was no response. */
  readonly headers: Record<string, string>;
  /** Extra detail: FastAPI validation items, the parsed error body, … (secrets redacted). */
  readonly details: unknown;
  /** The request URL, when the error relates to a request. */
  readonly url: string | undefined;
  /** The raw response body text (at most 4 KiB, secrets redacted), when there was one. */
  readonly responseBody: string | undefined;

  constructor(init: PolarGridErrorInit) {
    super(
      redactSecrets(init.message),
      init.cause === undefined ? undefined : { cause: init.cause },
    );
    this.status = init.status;
    this.code = init.code ?? init.serverCode;
    this.type = init.type;
    this.region = init.region;
    this.requestId = init.requestId;
    this.retryable = init.retryable ?? false;
    this.headers = redactHeaders(init.headers ?? {});
    this.details = redactDeep(init.details);
    this.url = init.url === undefined ? undefined : redactSecrets(init.url);
    this.responseBody =
      init.responseBody && redactSecrets(init.responseBody.slice(0, MAX_BODY_CHARS));
    // The brand isPolarGridError reads. Not a class member: the unique symbol in the declared
    // type would make two copies of this package's error types incompatible.
    Object.defineProperty(this, MARKER, { value: true });
    // What `util.inspect` and `console.error` print in Node: Node's own rendering of this error
    // (stack, fields, `cause` chain) with every secret redacted from the finished text, so a key
    // inside a `cause` the caller or a `fetch` implementation supplied does not show either.
    // `customInspect: false` renders the error the ordinary way instead of calling back here.
    defineInspect(this, (depth, options, inspect) =>
      redactSecrets(inspect(this, { ...options, depth, customInspect: false })),
    );
  }

  /** A plain, secret-free view for logs and JSON (no headers, details, URL, body or cause). */
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
  // Primitives read `undefined` for the symbol, so only null and undefined need the `?.`.
  return (error as Record<symbol, unknown> | null | undefined)?.[MARKER] === true;
}
