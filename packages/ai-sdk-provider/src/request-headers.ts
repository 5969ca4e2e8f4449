import type { RequestOptions } from '@polargrid/core';
import { InvalidArgumentError } from '@ai-sdk/provider';

type Headers = Record<string, string | undefined>;

/**
 * Checks caller headers (the `headers` setting or a call's `headers`) before they reach the core.
 * The core always sets `Authorization` from `apiKey` and would silently replace an
 * `Authorization` header given here, so a request meant for one key would go out with another.
 * That is refused instead, before any network call: per-request keys belong in `apiKey` (a
 * function is resolved on every request).
 */
export function checkCallerHeaders<T extends Headers | undefined>(headers: T, where: string): T {
  if (headers === undefined) return headers;
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && name.toLowerCase() === 'authorization') {
      throw new InvalidArgumentError({
        argument: where,
        message: `An Authorization header in \`${where}\` would be replaced by the \`apiKey\` setting. Pass the key as \`apiKey\` (a function is resolved on every request, for per-request keys).`,
      });
    }
  }
  return headers;
}

/** What every model's call options share that the core's per-request options carry. */
interface CallOptionsLike {
  abortSignal?: AbortSignal | undefined;
  headers?: Record<string, string | undefined> | undefined;
  includeRawChunks?: boolean | undefined;
}

/**
 * The core `RequestOptions` for one model call: the caller's abort signal (so an abort reaches
 * the socket), its headers (checked, never an `Authorization`), and raw chunks when asked for.
 */
export function coreRequestOptions(options: CallOptionsLike): RequestOptions {
  return {
    signal: options.abortSignal,
    headers: checkCallerHeaders(options.headers, 'headers'),
    includeRaw: options.includeRawChunks === true,
  };
}
