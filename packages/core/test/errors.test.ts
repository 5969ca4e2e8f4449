import { describe, expect, it } from 'vitest';
import {
  APIStatusError,
  AuthenticationError,
  BillingError,
  NotFoundError,
  PermissionError,
  RateLimitError,
  ServerError,
  ValidationError,
} from '../src/errors/error-classes.js';
import { errorFromResponse, parseRetryAfter } from '../src/errors/from-response.js';
import { parseErrorBody, textSnippet } from '../src/errors/parse-error-body.js';
import { isPolarGridError, PolarGridError } from '../src/errors/polargrid-error.js';
import { headersToRecord } from '../src/util/headers.js';
import { streamErrorFrom } from '../src/stream/stream-error.js';

const ctx = { region: 'yto-01', model: 'qwen-3.8-27b' };

describe('error bodies', () => {
  it('parses {"error": {message, type, code}}', () => {
    expect(
      parseErrorBody(
        '{"error":{"message":"Rate limit exceeded","type":"rate_limit_error","code":"rate_limit_exceeded"}}',
      ),
    ).toMatchObject({
      message: 'Rate limit exceeded',
      type: 'rate_limit_error',
      code: 'rate_limit_exceeded',
      cdnBlocked: false,
    });
  });
  it('parses FastAPI detail as a string and as an array', () => {
    expect(parseErrorBody('{"detail":"Billing access denied"}').message).toBe(
      'Billing access denied',
    );
    const arr = parseErrorBody(
      '{"detail":[{"loc":["body","temperature"],"msg":"must be <= 2","type":"value_error"},{"msg":"second"}]}',
    );
    expect(arr.message).toBe('temperature: must be <= 2; second');
    expect(Array.isArray(arr.details)).toBe(true);
  });
  it('recognises CloudFront {"Message": null}', () => {
    expect(parseErrorBody('{"Message": null}')).toMatchObject({
      cdnBlocked: true,
      message: undefined,
    });
  });
  it('gives a snippet of an HTML page, tags stripped', () => {
    const html =
      '<html><head><style>p{}</style></head><body><h1>502 Bad Gateway</h1><p>nginx</p></body></html>';
    expect(parseErrorBody(html).message).toBe('502 Bad Gateway nginx');
    expect(textSnippet('x'.repeat(500)).length).toBeLessThanOrEqual(201);
  });
  it('reads numeric codes, {"error": "text"}, detail objects and plain {message, code}', () => {
    expect(parseErrorBody('{"error":{"message":"m","code":429}}')).toMatchObject({ code: '429' });
    expect(parseErrorBody('{"error":"Unknown voice","code":"bad_voice"}')).toMatchObject({
      message: 'Unknown voice',
      code: 'bad_voice',
    });
    expect(parseErrorBody('{"detail":{"msg":"m","code":"c","type":"t"}}')).toMatchObject({
      message: 'm',
      code: 'c',
      type: 't',
    });
    expect(parseErrorBody('{"message":"Forbidden","code":"x"}')).toMatchObject({
      message: 'Forbidden',
      code: 'x',
      cdnBlocked: false,
    });
    expect(parseErrorBody('{"Message":"User is not authorized"}')).toMatchObject({
      message: 'User is not authorized',
      cdnBlocked: false,
    });
    expect(parseErrorBody('')).toMatchObject({ message: undefined, details: undefined });
  });
  it('drops __proto__ and constructor keys (no prototype pollution)', () => {
    const parsed = parseErrorBody(
      '{"__proto__":{"polluted":true},"constructor":{"x":1},"error":{"message":"m"}}',
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.keys(parsed.details as object)).toEqual(['error']);
  });
});

describe('errorFromResponse', () => {
  const headers = { 'x-amzn-requestid': 'amz-1' };
  it.each([
    [400, ValidationError],
    [422, ValidationError],
    [401, AuthenticationError],
    [402, BillingError],
    [403, PermissionError],
    [404, NotFoundError],
    [429, RateLimitError],
    [500, ServerError],
    [503, ServerError],
    [405, APIStatusError],
    [408, APIStatusError],
    [409, APIStatusError],
  ])('maps %i to %o with status, region, request id and headers', (status, cls) => {
    const error = errorFromResponse(status, headers, '{"detail":"x"}', ctx);
    expect(error).toBeInstanceOf(cls);
    expect(isPolarGridError(error)).toBe(true);
    expect(error).toMatchObject({ status, region: 'yto-01', requestId: 'amz-1', headers });
    expect(error.message).toContain(String(status));
  });

  it('finds request ids under any *request-id header', () => {
    expect(errorFromResponse(500, { 'x-pg-request-id': 'pg-1' }, '', ctx).requestId).toBe('pg-1');
    expect(errorFromResponse(500, { 'request-id': 'r-1' }, '', ctx).requestId).toBe('r-1');
    expect(errorFromResponse(500, { 'x-correlation-request-id': 'c-1' }, '', ctx).requestId).toBe(
      'c-1',
    );
  });

  it('marks CloudFront 403s as blocked at the CDN with an explanation', () => {
    const error = errorFromResponse(403, {}, '{"Message": null}', ctx) as PermissionError;
    expect(error.blockedByCdn).toBe(true);
    expect(error.message).toMatch(/CDN\/WAF/);
    expect(error.message).toMatch(/key is active/);
    expect(
      (errorFromResponse(403, {}, '{"detail":"operator only"}', ctx) as PermissionError)
        .blockedByCdn,
    ).toBe(false);
  });

  it('flags 404 "Model not loaded" and model_not_loaded with the model', () => {
    for (const body of [
      '{"detail":"Model not loaded"}',
      '{"error":{"message":"nope","code":"model_not_loaded"}}',
    ]) {
      const error = errorFromResponse(404, {}, body, ctx) as NotFoundError;
      expect(error).toMatchObject({
        modelNotLoaded: true,
        model: 'qwen-3.8-27b',
        code: 'model_not_loaded',
      });
      expect(error.message).toContain('qwen-3.8-27b');
    }
    expect(
      (errorFromResponse(404, {}, '{"detail":"Not Found"}', ctx) as NotFoundError).modelNotLoaded,
    ).toBe(false);
  });

  it('gives a context overflow the code context_length_exceeded, whatever the server called it', () => {
    const vllm = errorFromResponse(
      400,
      {},
      '{"object":"error","message":"This model\'s maximum context length is 8192 tokens. However, you requested 9000 tokens.","type":"BadRequestError","code":400}',
      ctx,
    );
    expect(vllm).toBeInstanceOf(ValidationError);
    expect(vllm).toMatchObject({ status: 400, code: 'context_length_exceeded' });
    const byCode = errorFromResponse(
      422,
      {},
      '{"error":{"message":"too long","code":"context_length_exceeded"}}',
      ctx,
    );
    expect(byCode.code).toBe('context_length_exceeded');
    const other = errorFromResponse(400, {}, '{"error":{"message":"temperature too high"}}', ctx);
    expect(other.code).toBe('invalid_request');
  });

  it('words an embeddings 404 with model, region and the catalogue caveat (D1)', () => {
    const error = errorFromResponse(404, {}, '{"detail":"Not Found"}', {
      region: 'yul-01',
      model: 'text-embed-x',
      endpoint: 'embeddings',
    });
    expect(error.message).toContain('text-embed-x');
    expect(error.message).toContain('yul-01');
    expect(error.message).toMatch(/public PolarGrid catalogue lists no embedding model/);
  });

  it('keeps the 429 retryAfter and 5xx retryability (a bad-voice 502 is final)', () => {
    expect(
      (errorFromResponse(429, { 'retry-after': '7' }, '', ctx) as RateLimitError).retryAfter,
    ).toBe(7);
    expect(errorFromResponse(503, {}, '', ctx).retryable).toBe(true);
    expect(errorFromResponse(502, {}, '{"detail":"Unknown voice af_nobody"}', ctx).retryable).toBe(
      false,
    );
    expect(errorFromResponse(400, {}, '', ctx).retryable).toBe(false);
  });

  it('gives a clear message for an empty or non-JSON body', () => {
    expect(errorFromResponse(500, {}, '', ctx).message).toBe(
      'PolarGrid 500 (region yto-01): no response body',
    );
    expect(errorFromResponse(502, {}, '<h1>Bad Gateway</h1>', ctx).message).toBe(
      'PolarGrid 502 (region yto-01): Bad Gateway',
    );
  });

  it('sets ValidationError details from FastAPI items', () => {
    const error = errorFromResponse(422, {}, '{"detail":[{"loc":["body","x"],"msg":"bad"}]}', ctx);
    expect(error).toMatchObject({
      code: 'invalid_request',
      details: [{ loc: ['body', 'x'], msg: 'bad' }],
    });
  });
});

describe('PolarGridError', () => {
  it('redacts keys and bearer tokens from messages, bodies and details, and toJSON shows no secrets', () => {
    const body = '{"error":{"message":"bad key pg_secret123 (Bearer abc.def)"}}';
    const error = errorFromResponse(401, { 'x-request-id': 'r' }, body, ctx);
    for (const text of [error.message, error.responseBody, JSON.stringify(error.details)]) {
      expect(text).not.toMatch(/secret123|abc\.def/);
      expect(text).toContain('pg_[redacted]');
    }
    expect(error.toJSON()).toEqual({
      name: 'AuthenticationError',
      message: error.message,
      status: 401,
      code: undefined,
      type: undefined,
      region: 'yto-01',
      requestId: 'r',
      retryable: false,
    });
  });
  it('keeps defaults and the cause, and is recognised by the shared symbol across copies', () => {
    const error = new PolarGridError({ message: 'm', cause: 'why' });
    expect(error).toMatchObject({ name: 'PolarGridError', retryable: false, headers: {} });
    expect(error.cause).toBe('why');
    expect('cause' in new PolarGridError({ message: 'm' })).toBe(false);
    expect(isPolarGridError({ [Symbol.for('polargrid.error')]: true })).toBe(true);
    expect([null, undefined, 'x', 1, new Error('x')].some(isPolarGridError)).toBe(false);
  });
  it('turns fetch Headers into a record and stream payloads into StreamErrors', () => {
    expect(headersToRecord(new Headers({ 'X-Request-Id': 'a' }))).toEqual({ 'x-request-id': 'a' });
    expect(streamErrorFrom(7, undefined)).toMatchObject({
      message: '7',
      retryable: false,
      details: 7,
    });
    expect(streamErrorFrom({ type: 'overloaded_error' }, { region: 'r' }, 200)).toMatchObject({
      message: 'The server reported an error inside the stream.',
      status: 200,
      region: 'r',
      retryable: true,
    });
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds, HTTP dates and retry-after-ms', () => {
    const now = Date.parse('2026-11-25T00:00:00Z');
    expect(parseRetryAfter({ 'retry-after': '3' }, now)).toBe(3);
    expect(parseRetryAfter({ 'retry-after': 'Wed, 25 Nov 2026 00:00:10 GMT' }, now)).toBe(10);
    expect(parseRetryAfter({ 'retry-after': 'Wed, 24 Nov 2026 00:00:10 GMT' }, now)).toBe(0);
    expect(parseRetryAfter({ 'retry-after-ms': '250', 'retry-after': '3' }, now)).toBe(0.25);
    expect(parseRetryAfter({ 'retry-after': 'soon' }, now)).toBeUndefined();
    expect(parseRetryAfter({}, now)).toBeUndefined();
    expect(parseRetryAfter({ 'retry-after-ms': 'x', 'retry-after': ' ' }, now)).toBeUndefined();
    expect(parseRetryAfter({ 'retry-after-ms': '-1', 'retry-after': '-3' }, now)).toBeUndefined();
  });
});
