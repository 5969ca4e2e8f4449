import { ContextOverflowError, getRetryable } from '@langchain/core/errors';
import { AsyncCaller } from '@langchain/core/utils/async_caller';
import {
  AbortError,
  AuthenticationError,
  ConfigurationError,
  NotFoundError,
  RateLimitError,
  ServerError,
  ValidationError,
} from '@polargrid/core';
import { describe, expect, test } from 'vitest';
import { toLangChainError } from '../errors.js';

describe('toLangChainError', () => {
  test('401/404/429 get LangChain error codes and keep status and headers', () => {
    const auth = toLangChainError(new AuthenticationError({ message: 'bad key', status: 401 }));
    expect(auth).toBeInstanceOf(AuthenticationError);
    expect(auth).toMatchObject({ status: 401, lc_error_code: 'MODEL_AUTHENTICATION' });
    const missing = toLangChainError(new NotFoundError({ message: 'no model', status: 404 }));
    expect(missing).toMatchObject({ lc_error_code: 'MODEL_NOT_FOUND' });
    const limited = toLangChainError(
      new RateLimitError({ message: 'slow down', status: 429, headers: { 'retry-after': '2' } }),
    );
    expect(limited).toMatchObject({
      lc_error_code: 'MODEL_RATE_LIMIT',
      headers: { 'retry-after': '2' },
    });
    // 429s are left to AsyncCaller's Retry-After handling.
    expect(getRetryable(limited)).toBeUndefined();
  });

  test('a missing or malformed key gets MODEL_AUTHENTICATION and is not retried', () => {
    for (const code of ['missing_api_key', 'invalid_api_key'] as const) {
      const error = toLangChainError(new ConfigurationError({ message: 'key', code }));
      expect(error).toMatchObject({ lc_error_code: 'MODEL_AUTHENTICATION' });
      expect(getRetryable(error)).toBe(false);
    }
    const other = toLangChainError(new ConfigurationError({ message: 'x', code: 'invalid_url' }));
    expect((other as { lc_error_code?: string }).lc_error_code).toBeUndefined();
  });

  test('a context-length 400 becomes a ContextOverflowError with the same status', () => {
    // The core gives a server's context overflow the code context_length_exceeded (see the
    // core's errors.test.ts); the mapping reads the code, never the message.
    const error = toLangChainError(
      new ValidationError({
        message: "PolarGrid 400: This model's maximum context length is 8192 tokens",
        status: 400,
        code: 'context_length_exceeded',
      }),
    );
    expect(ContextOverflowError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ status: 400, lc_error_code: 'CONTEXT_OVERFLOW' });
    // The core's own pre-send check (no status) maps the same way.
    const local = toLangChainError(
      new ValidationError({ message: 'The prompt is too long', code: 'context_length_exceeded' }),
    );
    expect(ContextOverflowError.isInstance(local)).toBe(true);
    // Message text alone decides nothing.
    const worded = toLangChainError(
      new ValidationError({
        message: 'maximum context length',
        status: 400,
        code: 'invalid_request',
      }),
    );
    expect(ContextOverflowError.isInstance(worded)).toBe(false);
  });

  test('permanent errors are stamped non-retryable, transient ones are not', () => {
    expect(getRetryable(toLangChainError(new ConfigurationError({ message: 'no key' })))).toBe(
      false,
    );
    expect(getRetryable(toLangChainError(new AbortError({ message: 'aborted' })))).toBe(false);
    expect(
      getRetryable(
        toLangChainError(new ServerError({ message: 'boom', status: 503, retryable: true })),
      ),
    ).toBeUndefined();
  });

  test('mapping twice does not append the troubleshooting text twice', () => {
    const error = new AuthenticationError({ message: 'bad key', status: 401 });
    toLangChainError(error);
    const once = error.message;
    toLangChainError(error);
    expect(error.message).toBe(once);
    expect(once.match(/Troubleshooting URL/g)).toHaveLength(1);
  });

  test('AsyncCaller does not retry a mapped permanent error but does retry a 503', async () => {
    const caller = new AsyncCaller({ maxRetries: 3 });
    let attempts = 0;
    await expect(
      caller.call(async () => {
        attempts++;
        throw toLangChainError(new ConfigurationError({ message: 'no key' }));
      }),
    ).rejects.toThrow('no key');
    expect(attempts).toBe(1);

    attempts = 0;
    const quick = new AsyncCaller({ maxRetries: 1, onFailedAttempt: () => undefined });
    await expect(
      quick.call(async () => {
        attempts++;
        throw toLangChainError(new ServerError({ message: 'busy', status: 503, retryable: true }));
      }),
    ).rejects.toThrow('busy');
    expect(attempts).toBe(2);
  });

  test('non-PolarGrid errors pass through untouched', () => {
    const error = new TypeError('x');
    expect(toLangChainError(error)).toBe(error);
  });
});
