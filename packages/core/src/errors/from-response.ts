import { requestIdFrom } from '../util/headers.js';
import {
  APIStatusError,
  AuthenticationError,
  BillingError,
  NotFoundError,
  PermissionError,
  RateLimitError,
  ServerError,
  ValidationError,
} from './error-classes.js';
import type { PolarGridErrorCode } from './codes.js';
import { parseErrorBody } from './parse-error-body.js';
import type { PolarGridError, PolarGridErrorInit } from './polargrid-error.js';
import { redactSecrets } from './redact.js';

/** What the caller knew when the response arrived. */
export interface ErrorContext {
  region: string | undefined;
  model?: string | undefined;
  /** Which endpoint was called, to word 404s (D1 for embeddings). */
  endpoint?: 'embeddings' | (string & {}) | undefined;
  /** The request URL (it never contains the key). */
  url?: string | undefined;
}

/** A header's value as a number; `NaN` when absent, blank or not a number. */
const numberIn = (value: string | undefined): number =>
  value?.trim() ? Number(value) : Number.NaN;

/** `Retry-After` (seconds or HTTP date) or `retry-after-ms`, as seconds. */
export function parseRetryAfter(
  headers: Record<string, string>,
  now = Date.now(),
): number | undefined {
  const ms = numberIn(headers['retry-after-ms']);
  if (ms >= 0 && ms < Infinity) return ms / 1000;
  const value = headers['retry-after'] ?? '';
  const seconds = numberIn(value);
  // Not a number: an HTTP date, 0 once past (NaN, so `undefined`, when it is no date either).
  const delay = Number.isFinite(seconds) ? seconds : Math.max(0, (Date.parse(value) - now) / 1000);
  return delay >= 0 ? delay : undefined;
}

/** Init of any class below: each class keeps the extra fields it knows and ignores the rest. */
type ResponseErrorInit = PolarGridErrorInit & {
  blockedByCdn?: boolean;
  modelNotLoaded?: boolean;
  model?: string | undefined;
  retryAfter?: number | undefined;
  param?: string | undefined;
};

/** The class for a status; any other 5xx is a `ServerError`, anything else an `APIStatusError`. */
const CLASS_BY_STATUS: Record<number, new (init: ResponseErrorInit) => PolarGridError> = {
  400: ValidationError,
  401: AuthenticationError,
  402: BillingError,
  403: PermissionError,
  404: NotFoundError,
  422: ValidationError,
  429: RateLimitError,
};

/** The code when the body gives none. */
const CODE_BY_STATUS: Record<number, PolarGridErrorCode> = {
  400: 'invalid_request',
  422: 'invalid_request',
  429: 'rate_limit_exceeded',
};

/** What to do, appended to the message. */
const HINT_BY_STATUS: Record<number, string> = {
  401: 'Check the API key in Console → Settings → API Keys.',
  402: 'Add a payment method or credits to the organisation.',
};

const MODEL_NOT_LOADED = /model[\s_-]*not[\s_-]*loaded/i;

/** How servers word "the prompt does not fit the model's context window" (vLLM, OpenAI, …). */
const CONTEXT_OVERFLOW =
  /context[\s_-]*(length|window)|maximum context|too many (input )?tokens|prompt is too long|exceeds the (model's )?(maximum|context)/i;

/** The request field a FastAPI validation answer blames (`loc: ["body", "temperature"]`), if any. */
function paramOf(details: unknown): string | undefined {
  const first: unknown = Array.isArray(details) ? details[0] : undefined;
  const loc = (first as { loc?: unknown } | null | undefined)?.loc;
  if (!Array.isArray(loc)) return undefined;
  const field = loc.find((part) => part !== 'body');
  return typeof field === 'string' ? field : undefined;
}

/** A typed error from an HTTP error response (body already read as text). */
export function errorFromResponse(
  status: number,
  headers: Record<string, string>,
  bodyText: string,
  ctx: ErrorContext,
): PolarGridError {
  // Redact before parsing, so `details` (the parsed body) cannot carry an echoed key either.
  bodyText = redactSecrets(bodyText);
  const parsed = parseErrorBody(bodyText);
  const { region, model } = ctx;
  const serverText = parsed.message;
  let text = serverText ?? `${bodyText.trim() ? 'unreadable' : 'no'} response body`;
  let hint = HINT_BY_STATUS[status];
  // The `|` keeps a message ending in "model" and a code "not_loaded" from matching together.
  const modelNotLoaded = status === 404 && MODEL_NOT_LOADED.test(`${serverText}|${parsed.code}`);
  const blockedByCdn = status === 403 && parsed.cdnBlocked;
  // Whatever the server calls it, a context overflow gets the one code the pre-send check uses,
  // so callers (LangChain's ContextOverflowError) test a code, never message text.
  const contextOverflow =
    (status === 400 || status === 413 || status === 422) &&
    CONTEXT_OVERFLOW.test(`${serverText}|${parsed.code}`);
  if (blockedByCdn) {
    text = 'blocked at the CDN/WAF (CloudFront), not by PolarGrid';
    hint = 'Check that the API key is active and the request goes to an edge, not the autorouter.';
  }
  let message = `PolarGrid ${status}${region ? ` (region ${region})` : ''}: ${text}`;
  const embeddings = ctx.endpoint === 'embeddings';
  if (status === 404 && (modelNotLoaded || embeddings)) {
    // Model first, then region: the model is what the caller can change.
    message = `Model "${model ?? 'unknown'}" is not available in region ${region ?? 'unknown'} (PolarGrid 404: ${text})`;
    hint = embeddings
      ? 'The public PolarGrid catalogue lists no embedding model; use an edge that serves one.'
      : 'Try another region, or let the autorouter pick one.';
  }
  const ErrorClass = CLASS_BY_STATUS[status] ?? (status >= 500 ? ServerError : APIStatusError);
  // The server's own code is kept unless the core has a more precise one (context overflow) or
  // the server sent none.
  const { code: serverCode, ...fromBody } = parsed;
  const ownCode: PolarGridErrorCode | undefined = contextOverflow
    ? 'context_length_exceeded'
    : serverCode !== undefined
      ? undefined
      : (CODE_BY_STATUS[status] ??
        (modelNotLoaded ? 'model_not_loaded' : blockedByCdn ? 'blocked_by_cdn' : undefined));
  // `type` and `details` come from the body; `region`, `model` and `url` from the context.
  return new ErrorClass({
    ...fromBody,
    ...ctx,
    message: hint ? `${message}. ${hint}` : message,
    status,
    code: ownCode,
    serverCode,
    requestId: requestIdFrom(headers),
    // 5xx may pass, except a 502 for a bad TTS voice; 408, 409 and 429 too.
    retryable:
      status >= 500
        ? !(status === 502 && /voice/i.test(serverText ?? ''))
        : status === 408 || status === 409 || status === 429,
    headers,
    responseBody: bodyText || undefined,
    blockedByCdn,
    modelNotLoaded,
    retryAfter: parseRetryAfter(headers),
    param: paramOf(parsed.details),
  });
}
