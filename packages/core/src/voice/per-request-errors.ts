import {
  APIStatusError,
  NetworkError,
  RateLimitError,
  ServerError,
  StreamError,
  StreamInterruptedError,
  TimeoutError,
} from '../errors/error-classes.js';
import type { PolarGridError } from '../errors/polargrid-error.js';

/**
 * Errors that concern one request of a pipeline only (a 5xx such as PolarGrid's 502 synthesis
 * failure, a dropped or stalled stream, an error event inside it, a rate limit after retries).
 * Anything else (authentication, validation, a model that is not loaded, an abort) would fail
 * every request the same way, so it ends the whole pipeline.
 */
const PER_REQUEST_ERRORS = [
  ServerError,
  NetworkError,
  TimeoutError,
  StreamInterruptedError,
  StreamError,
  RateLimitError,
  APIStatusError,
] as const;

export function concernsOneRequest(error: unknown): error is PolarGridError {
  return PER_REQUEST_ERRORS.some((kind) => error instanceof kind);
}
