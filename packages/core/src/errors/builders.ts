/**
 * The errors the core builds in many places, each built in one: a bad input refused before any
 * network call ({@link invalid}) and a stalled body or stream ({@link streamStalled}). Not public:
 * the main entry exports the classes, not these.
 */
import type { PolarGridErrorCode } from './codes.js';
import { TimeoutError, ValidationError } from './error-classes.js';
import type { PolarGridErrorInit } from './polargrid-error.js';

/**
 * The one `stream_stalled` error, for every body and stream: no bytes came for
 * `streamIdleTimeout` ms while a read was pending. `subject` says what stalled
 * (`The stream stalled`, `PolarGrid edge yto-01 stopped sending its response body`).
 */
export function streamStalled(
  subject: string,
  streamIdleTimeout: number,
  init: Omit<PolarGridErrorInit, 'message' | 'code'>,
): TimeoutError {
  return new TimeoutError({
    message: `${subject}: no bytes for ${streamIdleTimeout} ms.`,
    code: 'stream_stalled',
    ...init,
  });
}

/**
 * The one way the core refuses a bad input before any network call: a {@link ValidationError}
 * without a status, naming the parameter at fault (`param`, its wire or option name). `code` is
 * `invalid_request` unless a more precise one applies.
 */
export function invalid(
  message: string,
  param: string,
  more?: { code?: PolarGridErrorCode; details?: Record<string, unknown> },
): ValidationError {
  return new ValidationError({
    message,
    code: more?.code ?? 'invalid_request',
    param,
    details: more?.details,
  });
}
