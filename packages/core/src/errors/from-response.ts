import { requestIdFrom } from '../http/headers.js';
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
import { parseErrorBody } from './parse-error-body.js';
import { type PolarGridError, type PolarGridErrorInit, redactSecrets } from './polargrid-error.js';

/** What the caller knew when the response arrived. */
export interface ErrorContext {
  region: string | undefined;
  model?: string | undefined;
  /** Which endpoint was called, to word 404s (D1 for embeddings). */
  endpoint?: 'embeddings' | (string & {}) | undefined;
  /** The request URL (it never contains the key). */
  url?: string | undefined;
}

/** `Retry-After` (seconds or HTTP date) or `retry-after-ms`, as seconds. */
export function parseRetryAfter(
  headers: Record<string, string>,
  now = Date.now(),
): number | undefined {
  const ms = headers['retry-after-ms'];
  if (ms !== undefined && ms.trim() !== '') {
    const n = Number(ms);
    if (Number.isFinite(n) && n >= 0) return n / 1000;
  }
  const value = headers['retry-after'];
  if (value === undefined || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return seconds >= 0 ? seconds : undefined;
  const date = Date.parse(value);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, (date - now) / 1000);
}

const MODEL_NOT_LOADED = /model[\s_-]*not[\s_-]*loaded/i;

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
  const where = ctx.region ? ` (region ${ctx.region})` : '';
  const serverText = parsed.message ?? (bodyText.trim() === '' ? 'no response body' : undefined);
  const base: PolarGridErrorInit = {
    message: `PolarGrid ${status}${where}: ${serverText ?? 'unreadable response body'}`,
    status,
    code: parsed.code,
    type: parsed.type,
    region: ctx.region,
    requestId: requestIdFrom(headers),
    headers,
    details: parsed.details,
    url: ctx.url,
    responseBody: bodyText === '' ? undefined : bodyText,
  };
  switch (true) {
    case status === 400 || status === 422:
      return new ValidationError({ ...base, code: base.code ?? 'invalid_request' });
    case status === 401:
      return new AuthenticationError({
        ...base,
        message: `${base.message}. Check that the API key is valid and active (Console → Settings → API Keys).`,
      });
    case status === 402:
      return new BillingError({
        ...base,
        message: `${base.message}. The organisation has no payment method or no credits.`,
      });
    case status === 403:
      if (parsed.cdnBlocked) {
        return new PermissionError({
          ...base,
          code: base.code ?? 'blocked_by_cdn',
          message: `PolarGrid 403${where}: the request was blocked at the CDN/WAF (CloudFront), not by PolarGrid's application. Check that the API key is active, and that the request goes to an edge, not to the autorouter.`,
          blockedByCdn: true,
        });
      }
      return new PermissionError(base);
    case status === 404: {
      const notLoaded =
        MODEL_NOT_LOADED.test(parsed.message ?? '') || MODEL_NOT_LOADED.test(parsed.code ?? '');
      let message = base.message;
      if (ctx.endpoint === 'embeddings') {
        message = `Embedding model "${ctx.model ?? 'unknown'}" is not available in region ${ctx.region ?? 'unknown'} (PolarGrid ${status}: ${serverText ?? 'not found'}). The public PolarGrid catalogue lists no embedding model; embeddings work only against edges that serve one (e.g. the edge emulator's pg-embed-v1).`;
      } else if (notLoaded) {
        message = `Model "${ctx.model ?? 'unknown'}" is not loaded in region ${ctx.region ?? 'unknown'} (PolarGrid 404). Use another region, or let the autorouter pick one that serves it.`;
      }
      return new NotFoundError({
        ...base,
        message,
        code: base.code ?? (notLoaded ? 'model_not_loaded' : undefined),
        modelNotLoaded: notLoaded,
        model: ctx.model,
      });
    }
    case status === 429:
      return new RateLimitError({
        ...base,
        code: base.code ?? 'rate_limit_exceeded',
        retryAfter: parseRetryAfter(headers),
      });
    case status >= 500: {
      // A 502 for a bad TTS voice is permanent; the others may pass.
      const badVoice = status === 502 && /voice/i.test(parsed.message ?? '');
      return new ServerError({ ...base, retryable: !badVoice });
    }
    default:
      return new APIStatusError({ ...base, retryable: status === 408 || status === 409 });
  }
}
