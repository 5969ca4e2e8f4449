import { StreamError } from '../errors/error-classes.js';
import { errorFields, textOf } from '../errors/parse-error-body.js';
import { type DecodeOptions, errorContext } from './decode-options.js';

const RETRYABLE =
  /rate.?limit|overload|capacity|unavailable|timed?.?out|server.?error|internal|busy|try.?again|5\d\d|429/i;

/**
 * Builds the {@link StreamError} for an `{"error": …}` payload inside a 200 stream, keeping
 * the server's message, code and type (numeric codes are stringified, `null` means absent).
 * Retryable when the code or type reads like a rate limit, overload or 5xx. `status` is the
 * HTTP status of the response that carried it (200 for streams and 2xx error bodies).
 */
export function streamErrorFrom(
  payload: unknown,
  options: DecodeOptions | undefined,
  status?: number,
): StreamError {
  const { message, code, type } = errorFields(payload);
  return new StreamError({
    message: message ?? textOf(payload) ?? 'The server reported an error inside the stream.',
    status,
    serverCode: code,
    type,
    ...errorContext(options),
    retryable: RETRYABLE.test([code, type].join(' ')),
    details: payload,
  });
}
