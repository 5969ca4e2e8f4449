import {
  APICallError,
  InvalidArgumentError,
  LoadAPIKeyError,
  LoadSettingError,
  UnsupportedFunctionalityError,
} from '@ai-sdk/provider';
import {
  AbortError,
  ConfigurationError,
  NotFoundError,
  RateLimitError,
  ServerError,
  ValidationError,
} from '@polargrid/core';
import { describe, expect, it } from 'vitest';
import { isPolarGridAPICallError, toAISDKError } from './polargrid-error.js';

const request = { path: '/v1/chat/completions', body: { model: 'm' } };

describe('toAISDKError', () => {
  it('maps an HTTP error to APICallError keeping status, headers, body and retryability', () => {
    const error = new RateLimitError({
      message: 'PolarGrid 429 (region yto-01): Rate limit exceeded',
      status: 429,
      code: 'rate_limit_exceeded',
      type: 'rate_limit_error',
      region: 'yto-01',
      requestId: 'req_1',
      headers: { 'retry-after': '1', 'x-request-id': 'req_1' },
      url: 'http://127.0.0.1:9/v1/chat/completions',
      responseBody: '{"error":{"message":"Rate limit exceeded"}}',
      retryAfter: 1,
    });
    const mapped = toAISDKError(error, request);
    expect(APICallError.isInstance(mapped)).toBe(true);
    expect(mapped).toMatchObject({
      message: error.message,
      url: 'http://127.0.0.1:9/v1/chat/completions',
      requestBodyValues: { model: 'm' },
      statusCode: 429,
      responseHeaders: { 'retry-after': '1', 'x-request-id': 'req_1' },
      responseBody: '{"error":{"message":"Rate limit exceeded"}}',
      isRetryable: true,
      data: {
        code: 'rate_limit_exceeded',
        type: 'rate_limit_error',
        region: 'yto-01',
        requestId: 'req_1',
      },
    });
    expect((mapped as APICallError).cause).toBe(error);
  });

  it('takes retryability from the core, not from the status alone', () => {
    const badVoice = new ServerError({ message: 'bad voice', status: 502, retryable: false });
    expect(toAISDKError(badVoice, request)).toMatchObject({ statusCode: 502, isRetryable: false });
    const notLoaded = new NotFoundError({
      message: 'Model not loaded',
      status: 404,
      modelNotLoaded: true,
    });
    expect(toAISDKError(notLoaded, request)).toMatchObject({ statusCode: 404, isRetryable: false });
  });

  it('falls back to a polargrid: URL when the core knows none', () => {
    const error = new ServerError({ message: 'x', status: 500, retryable: true });
    expect(toAISDKError(error, request)).toMatchObject({ url: 'polargrid:/v1/chat/completions' });
  });

  it('maps a missing or malformed key to LoadAPIKeyError and other config errors to LoadSettingError', () => {
    const missing = new ConfigurationError({
      message: 'No PolarGrid API key.',
      code: 'missing_api_key',
    });
    expect(LoadAPIKeyError.isInstance(toAISDKError(missing, request))).toBe(true);
    const region = new ConfigurationError({
      message: 'Unknown region "mars-01"',
      code: 'unknown_region',
    });
    expect(LoadSettingError.isInstance(toAISDKError(region, request))).toBe(true);
  });

  it('maps pre-network validation to a non-retryable InvalidArgumentError, server 400s to APICallError', () => {
    const local = new ValidationError({ message: 'model is required', code: 'invalid_request' });
    expect(InvalidArgumentError.isInstance(toAISDKError(local, request))).toBe(true);
    const named = new ValidationError({
      message: 'top_p must be between 0 and 1',
      code: 'invalid_request',
      param: 'top_p',
    });
    expect(toAISDKError(named, request)).toMatchObject({ argument: 'topP' });
    const remote = new ValidationError({ message: 'bad', status: 400, code: 'invalid_request' });
    expect(toAISDKError(remote, request)).toMatchObject({ statusCode: 400, isRetryable: false });
  });

  it('passes aborts, AI SDK errors and foreign errors through unchanged', () => {
    const abort = new AbortError({ message: 'aborted', code: 'aborted' });
    expect(toAISDKError(abort, request)).toBe(abort);
    const keyError = new LoadAPIKeyError({ message: 'no key' });
    expect(toAISDKError(keyError, request)).toBe(keyError);
    const wrapped = new ConfigurationError({ message: 'wrapped', cause: keyError });
    expect(toAISDKError(wrapped, request)).toBe(keyError);
    const other = new TypeError('x');
    expect(toAISDKError(other, request)).toBe(other);
  });

  it('isPolarGridAPICallError recognises our APICallErrors, so e.data is typed', () => {
    const mapped = toAISDKError(
      new ServerError({ message: 'busy', status: 503, serverCode: 'overloaded', region: 'yul-01' }),
      request,
    );
    expect(isPolarGridAPICallError(mapped)).toBe(true);
    if (isPolarGridAPICallError(mapped)) {
      // Typed access, no cast.
      expect(mapped.data.code).toBe('overloaded');
      expect(mapped.data.region).toBe('yul-01');
    }
    const foreign = new APICallError({
      message: 'x',
      url: 'https://elsewhere',
      requestBodyValues: {},
      data: { code: 'x', region: 'y' },
    });
    expect(isPolarGridAPICallError(foreign)).toBe(false);
    expect(isPolarGridAPICallError(new TypeError('x'))).toBe(false);
  });

  it('maps the core refusing tools to UnsupportedFunctionalityError', () => {
    const tools = new ValidationError({
      message: 'Model qwen-3.5-9b does not support tool calling',
      code: 'tools_not_supported',
      param: 'tools',
    });
    expect(UnsupportedFunctionalityError.isInstance(toAISDKError(tools, request))).toBe(true);
  });
});
