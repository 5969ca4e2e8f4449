import {
  AISDKError,
  APICallError,
  InvalidArgumentError,
  InvalidResponseDataError,
  LoadAPIKeyError,
  LoadSettingError,
} from '@ai-sdk/provider';
import { createProviderStreamError } from '@ai-sdk/provider-utils';
import { isPolarGridError, type PolarGridError, type ResponseMeta } from '@polargrid/core';

/** `APICallError.data` (and stream error `data`) for PolarGrid failures. */
export interface PolarGridErrorData {
  /** Machine-readable code, e.g. `rate_limit_exceeded`, `model_not_loaded`. */
  code: string | undefined;
  /** Error type from the body, e.g. `rate_limit_error`. */
  type: string | undefined;
  /** Region id of the edge that answered (or was being reached). */
  region: string | undefined;
  /** Request id from the response headers, when the edge sent one. */
  requestId: string | undefined;
}

function errorData(error: PolarGridError): PolarGridErrorData {
  return { code: error.code, type: error.type, region: error.region, requestId: error.requestId };
}

/** AI SDK names of the wire fields the core validates, for `InvalidArgumentError.argument`. */
const CALL_SETTING: Readonly<Record<string, string>> = {
  max_tokens: 'maxOutputTokens',
  top_p: 'topP',
  top_k: 'topK',
  frequency_penalty: 'frequencyPenalty',
  presence_penalty: 'presencePenalty',
  stop: 'stopSequences',
  messages: 'prompt',
};

function callSettingName(details: unknown): string {
  const param =
    typeof details === 'object' && details !== null
      ? (details as { param?: unknown }).param
      : undefined;
  if (typeof param !== 'string') return 'request';
  return CALL_SETTING[param] ?? param;
}

/** What the caller sent, for `APICallError.url` / `requestBodyValues`. */
export interface ErrorRequestContext {
  /** Endpoint path, e.g. `/v1/chat/completions`, used when the core knows no URL. */
  path: string;
  body: unknown;
}

/**
 * Maps anything the core throws to the error `ai` expects:
 * - HTTP and transport failures → `APICallError` with status, headers (`retry-after`, request id),
 *   body and `isRetryable` from the core, so `ai`'s own retries and `retry-after` handling work;
 * - a missing key → `LoadAPIKeyError`; other misconfiguration → `LoadSettingError`;
 * - input rejected before any network call → `InvalidArgumentError` (never retryable);
 * - caller aborts pass through untouched (name `AbortError`), so `ai` reports them as aborts.
 */
export function toAISDKError(error: unknown, request: ErrorRequestContext): unknown {
  if (AISDKError.isInstance(error)) return error;
  if (!isPolarGridError(error)) return error;
  // Our key resolver throws LoadAPIKeyError; the core may wrap it.
  if (AISDKError.isInstance(error.cause)) return error.cause;
  if (error.name === 'AbortError') return error;
  if (error.name === 'ConfigurationError') {
    if (/api[\s_-]*key/i.test(error.message) || error.code === 'missing_api_key') {
      return new LoadAPIKeyError({ message: error.message });
    }
    return new LoadSettingError({ message: error.message });
  }
  if (error.name === 'ValidationError' && error.status === undefined) {
    return new InvalidArgumentError({
      argument: callSettingName(error.details),
      message: error.message,
      cause: error,
    });
  }
  return new APICallError({
    message: error.message,
    url: error.url ?? `polargrid:${request.path}`,
    requestBodyValues: request.body,
    statusCode: error.status,
    responseHeaders: error.headers,
    responseBody: error.responseBody,
    isRetryable: error.retryable,
    cause: error,
    data: errorData(error),
  });
}

/** Runs one core call, mapping whatever it throws with {@link toAISDKError}. */
export async function callCore<T>(
  call: () => Promise<T>,
  request: ErrorRequestContext,
): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw toAISDKError(error, request);
  }
}

/** A structured stream error part payload (recognised by `ai`'s stream-retry handling). */
export function toStreamError(error: unknown): unknown {
  if (!isPolarGridError(error)) return error;
  return createProviderStreamError({
    message: error.message,
    type: error.type,
    code: error.code,
    statusCode: error.status,
    isRetryable: error.retryable,
    data: errorData(error),
  });
}

/**
 * Checks a 2xx JSON body before it is read as a result: a body without the `expected` array
 * (`choices`, `data`) is an `InvalidResponseDataError` rather than an empty answer. (A 2xx body
 * that carries `{"error": …}` never gets here: the core rejects it with a typed error.)
 */
export function assertSuccessBody(
  body: unknown,
  meta: ResponseMeta,
  expected: 'choices' | 'data',
): void {
  const record =
    typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : undefined;
  if (!Array.isArray(record?.[expected])) {
    throw new InvalidResponseDataError({
      data: body,
      message: `PolarGrid returned a ${meta.status} response without \`${expected}\` (region ${meta.region}).`,
    });
  }
}
