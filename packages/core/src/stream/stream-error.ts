import { StreamError } from '../errors/error-classes.js';
import type { DecodeOptions } from './decode-options.js';

const RETRYABLE =
  /rate.?limit|overload|capacity|unavailable|timeout|timed.?out|server.?error|internal|busy|try.?again|5\d\d|429/i;

function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value === '' ? undefined : value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

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
  const body =
    typeof payload === 'object' && payload !== null ? (payload as Record<string, unknown>) : {};
  const message =
    typeof payload === 'string' && payload !== ''
      ? payload
      : (text(body.message) ?? 'The server reported an error inside the stream.');
  const code = text(body.code);
  const type = text(body.type);
  return new StreamError({
    message,
    status,
    code,
    type,
    region: options?.region,
    requestId: options?.requestId,
    headers: options?.headers,
    retryable: RETRYABLE.test(`${code ?? ''} ${type ?? ''}`),
    details: payload,
  });
}
