import { PolarGridError, type PolarGridErrorInit } from './polargrid-error.js';

/** 401: the key is missing, malformed, revoked or inactive. */
export class AuthenticationError extends PolarGridError {
  override name = 'AuthenticationError';
}

/** 402: the organisation has no payment method or no credits. */
export class BillingError extends PolarGridError {
  override name = 'BillingError';
}

/** 403: an operator-only endpoint, or CloudFront/WAF (`{"Message": null}`). */
export class PermissionError extends PolarGridError {
  override name = 'PermissionError';
  /** True when the 403 came from CloudFront/WAF rather than from PolarGrid's application. */
  readonly blockedByCdn: boolean;
  constructor(init: PolarGridErrorInit & { blockedByCdn?: boolean }) {
    super(init);
    this.blockedByCdn = init.blockedByCdn ?? false;
  }
}

/** 404: unknown path, or a model that is not loaded on the edge that answered. */
export class NotFoundError extends PolarGridError {
  override name = 'NotFoundError';
  /** True for PolarGrid's "Model not loaded" answer: another region may serve the model. */
  readonly modelNotLoaded: boolean;
  /** The model that was asked for, when known. */
  readonly model: string | undefined;
  constructor(init: PolarGridErrorInit & { modelNotLoaded?: boolean; model?: string | undefined }) {
    super(init);
    this.modelNotLoaded = init.modelNotLoaded ?? false;
    this.model = init.model;
  }
}

/**
 * 400/422 from the server, or bad input caught before any network call (then `status` is
 * undefined and `code` says what was wrong: `invalid_request`, `invalid_header`,
 * `context_length_exceeded`, `model_retired`, `tools_not_supported`, …).
 * `details` holds FastAPI's validation items when the server sent them.
 */
export class ValidationError extends PolarGridError {
  override name = 'ValidationError';
  /**
   * The request parameter at fault, by its wire name (`temperature`, `stop`, `messages`,
   * `headers`, …), so adapters can name their own setting. Undefined when not known.
   */
  readonly param: string | undefined;
  constructor(init: PolarGridErrorInit & { param?: string | undefined }) {
    super(init);
    this.param = init.param;
  }

  /** The base fields plus {@link ValidationError.param}. */
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), param: this.param };
  }
}

/** 429: rate limited. `retryAfter` is in seconds, from the `Retry-After` header. */
export class RateLimitError extends PolarGridError {
  override name = 'RateLimitError';
  readonly retryAfter: number | undefined;
  constructor(init: PolarGridErrorInit & { retryAfter?: number | undefined }) {
    super({ retryable: true, ...init });
    this.retryAfter = init.retryAfter;
  }
}

/** 5xx. Retryable unless the body says otherwise (a 502 for a bad TTS voice is not). */
export class ServerError extends PolarGridError {
  override name = 'ServerError';
}

/** Any other HTTP status (405, 408, 409, …): the status is always kept. */
export class APIStatusError extends PolarGridError {
  override name = 'APIStatusError';
}

/** The edge (or autorouter) could not be reached, or the connection dropped before a response. */
export class NetworkError extends PolarGridError {
  override name = 'NetworkError';
  constructor(init: PolarGridErrorInit) {
    super({ retryable: true, ...init });
  }
}

/** A request or stream exceeded its timeout (per attempt, or the stall timeout of a stream). */
export class TimeoutError extends PolarGridError {
  override name = 'TimeoutError';
  constructor(init: PolarGridErrorInit) {
    super({ retryable: true, ...init });
  }
}

/** The caller aborted the request through its `AbortSignal`. Never retried. */
export class AbortError extends PolarGridError {
  override name = 'AbortError';
}

/**
 * A stream that ended before its finish reason (EOF or reset after the first byte).
 * Stream consumers see a `finish` event with reason `interrupted`; the official-SDK surface
 * (`chatCompletionStream`) throws this after yielding the partial output.
 */
export class StreamInterruptedError extends PolarGridError {
  override name = 'StreamInterruptedError';
  /** The text delivered before the cut. */
  readonly partialText: string;
  constructor(init: PolarGridErrorInit & { partialText?: string }) {
    super({ retryable: true, ...init });
    this.partialText = init.partialText ?? '';
  }
}

/** An `{"error": …}` event inside a 200 stream, or an error body in a 2xx response. Keeps the server's code, type and message. */
export class StreamError extends PolarGridError {
  override name = 'StreamError';
}

/** The client is misconfigured: no key, an unknown region, a browser without opt-in, … */
export class ConfigurationError extends PolarGridError {
  override name = 'ConfigurationError';
}
