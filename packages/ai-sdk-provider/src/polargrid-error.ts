import {
  AISDKError,
  APICallError,
  InvalidArgumentError,
  InvalidResponseDataError,
  LoadAPIKeyError,
  LoadSettingError,
  UnsupportedFunctionalityError,
} from '@ai-sdk/provider';
import { createProviderStreamError } from '@ai-sdk/provider-utils';
import {
  AbortError,
  ConfigurationError,
  isPolarGridError,
  type PolarGridError,
  type ResponseMeta,
  ValidationError,
} from '@polargrid/core';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

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

/** The AI SDK names of the sampling settings, by wire field. */
const SAMPLING_ARGUMENTS = {
  max_tokens: 'maxOutputTokens',
  temperature: 'temperature',
  top_p: 'topP',
  top_k: 'topK',
  frequency_penalty: 'frequencyPenalty',
  presence_penalty: 'presencePenalty',
  stop: 'stopSequences',
  seed: 'seed',
};

/**
 * The AI SDK argument behind each wire field the core validates, per endpoint: a core
 * `ValidationError` names the wire field (`param`), the caller knows the call setting.
 */
const ARGUMENT_NAMES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  '/v1/chat/completions': { ...SAMPLING_ARGUMENTS, messages: 'prompt', tools: 'tools' },
  '/v1/completions': { ...SAMPLING_ARGUMENTS, prompt: 'prompt' },
  '/v1/embeddings': { input: 'values', dimensions: 'dimensions' },
  '/v1/audio/speech': {
    input: 'text',
    voice: 'voice',
    speed: 'speed',
    response_format: 'outputFormat',
  },
  '/v1/audio/transcriptions': { file: 'audio', model: 'model' },
};

/** The offending parameter of a core `ValidationError`, when it names one. */
function paramOf(error: ValidationError): string | undefined {
  return error.param;
}

/** The configuration errors that are about the key (missing, malformed, or refused in a browser). */
const KEY_ERROR_CODES = ['missing_api_key', 'invalid_api_key', 'browser_key'];

/** What the caller sent, for `APICallError.url` / `requestBodyValues`. */
export interface ErrorRequestContext {
  /** Endpoint path, e.g. `/v1/chat/completions`, used when the core knows no URL. */
  path: string;
  body: unknown;
}

/**
 * Maps anything the core throws to the error `ai` expects, by class and `code` (never by name or
 * message text):
 * - HTTP and transport failures → `APICallError` with status, headers (`retry-after`, request id),
 *   body and `isRetryable` from the core, so `ai`'s own retries and `retry-after` handling work;
 * - a missing, malformed or refused key → `LoadAPIKeyError`; other misconfiguration →
 *   `LoadSettingError`;
 * - input the core rejected before any network call → `InvalidArgumentError` naming the call
 *   setting (never retryable); tools for a model without tool calling →
 *   `UnsupportedFunctionalityError`;
 * - caller aborts pass through untouched (name `AbortError`), so `ai` reports them as aborts.
 */
export function toAISDKError(error: unknown, request: ErrorRequestContext): unknown {
  if (AISDKError.isInstance(error)) return error;
  if (!isPolarGridError(error)) return error;
  // A caller's resolver (the `apiKey` or `headers` function) may throw an AI SDK error that the
  // core wrapped: the caller's own error wins.
  if (AISDKError.isInstance(error.cause)) return error.cause;
  if (error instanceof AbortError) return error;
  if (error instanceof ConfigurationError) {
    if (error.code !== undefined && KEY_ERROR_CODES.includes(error.code)) {
      return new LoadAPIKeyError({
        message: `${error.message} (In the AI SDK provider, the key is the \`apiKey\` setting of createPolarGrid().)`,
      });
    }
    return new LoadSettingError({ message: error.message });
  }
  if (error instanceof ValidationError && error.status === undefined) {
    const param = paramOf(error);
    if (param === 'tools') {
      return new UnsupportedFunctionalityError({
        functionality: 'tool calling',
        message: error.message,
      });
    }
    return new InvalidArgumentError({
      argument: (param && ARGUMENT_NAMES[request.path]?.[param]) ?? param ?? 'request',
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

/**
 * Whether `error` is an `APICallError` from this provider, so that `error.data` is typed:
 * `if (isPolarGridAPICallError(e)) console.log(e.data.code, e.data.region)`.
 */
export function isPolarGridAPICallError(
  error: unknown,
): error is APICallError & { data: PolarGridErrorData } {
  if (!APICallError.isInstance(error)) return false;
  const { data } = error;
  return isRecord(data) && isPolarGridError(error.cause) && 'region' in data && 'code' in data;
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
