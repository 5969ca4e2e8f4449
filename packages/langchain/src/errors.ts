import {
  addLangChainErrorFields,
  ContextOverflowError,
  type LangChainErrorCodes,
  stampRetryable,
} from '@langchain/core/errors';
import type { AsyncCaller } from '@langchain/core/utils/async_caller';
import {
  AbortError,
  ConfigurationError,
  isPolarGridError,
  type PolarGridError,
  RateLimitError,
} from '@polargrid/core';

/** The core's configuration errors that are about the key (missing, malformed, refused in a browser). */
const KEY_ERROR_CODES = ['missing_api_key', 'invalid_api_key', 'browser_key'];

function codeFor(error: PolarGridError): LangChainErrorCodes | undefined {
  if (error instanceof ConfigurationError && KEY_ERROR_CODES.includes(error.code ?? '')) {
    return 'MODEL_AUTHENTICATION';
  }
  switch (error.status) {
    case 401:
      return 'MODEL_AUTHENTICATION';
    case 404:
      return 'MODEL_NOT_FOUND';
    case 429:
      return 'MODEL_RATE_LIMIT';
    default:
      return undefined;
  }
}

/**
 * The prompt does not fit the model's window: the core's pre-send check and its reading of a
 * server's 400 both say so with this code.
 */
function isContextOverflow(error: PolarGridError): boolean {
  return error.code === 'context_length_exceeded';
}

const MAPPED = Symbol.for('polargrid.langchain.mapped');

/**
 * Makes a core error fit LangChain's retry and error conventions, keeping the original object
 * (its class, `status`, lower-cased `headers` with `retry-after`, `requestId`, `region`):
 *
 * - 401/404/429 get `lc_error_code` (MODEL_AUTHENTICATION / MODEL_NOT_FOUND / MODEL_RATE_LIMIT),
 *   and so does a missing or malformed key (MODEL_AUTHENTICATION);
 * - a context overflow (code `context_length_exceeded`, from the server or the core's pre-send
 *   check) becomes a `ContextOverflowError` carrying the same status and headers;
 * - errors the core knows are permanent (bad input, missing key, aborts) are stamped
 *   non-retryable, so `AsyncCaller` does not back off on them. 429 answers are left to `AsyncCaller`'s
 *   own `Retry-After` handling.
 *
 * Anything that is not a PolarGrid error is returned untouched.
 */
export function toLangChainError(error: unknown): unknown {
  if (!isPolarGridError(error)) return error;
  const record = error as unknown as Record<symbol, unknown>;
  if (record[MAPPED]) return error;
  Object.defineProperty(error, MAPPED, { value: true });
  if (isContextOverflow(error)) {
    const overflow = ContextOverflowError.fromError(error);
    Object.assign(overflow, {
      status: error.status,
      headers: error.headers,
      code: error.code,
      requestId: error.requestId,
      region: error.region,
    });
    addLangChainErrorFields(overflow, 'CONTEXT_OVERFLOW');
    return stampRetryable(overflow, false);
  }
  const code = codeFor(error);
  if (code !== undefined) addLangChainErrorFields(error, code);
  // A 429 answer is AsyncCaller's to back off on; a timeout that merely carries a 429 status (a
  // throttling answer whose body stalled) is final like any other non-retryable error.
  if (error instanceof AbortError || (!error.retryable && !(error instanceof RateLimitError))) {
    stampRetryable(error, false);
  }
  return error;
}

/**
 * One core call through LangChain's `AsyncCaller` (the caller's `signal` and per-call
 * `maxRetries` honoured), with PolarGrid errors mapped so the caller knows which to retry.
 */
export function callWithRetries<T>(
  caller: AsyncCaller,
  options: { signal?: AbortSignal; maxRetries?: number },
  call: () => Promise<T>,
): Promise<T> {
  return caller.callWithOptions(
    { signal: options.signal, maxRetries: options.maxRetries },
    async () => {
      try {
        return await call();
      } catch (error) {
        throw toLangChainError(error);
      }
    },
  );
}
