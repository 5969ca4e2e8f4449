import type { ServerResponse } from 'node:http';

export type Headers = Record<string, string | number>;

/** Writes a JSON response (no-op when the client has gone). */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Headers = {},
) {
  if (res.destroyed || res.headersSent) return;
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

/** The OpenAI-style error body PolarGrid uses for 401 and 429 (§6.1). */
export function openAIError(message: string, type: string, code: string | null) {
  return { error: { message, type, code } };
}

/** One FastAPI validation item. */
export interface DetailItem {
  loc: (string | number)[];
  msg: string;
  type: string;
  input?: unknown;
  ctx?: Record<string, unknown>;
}

/** FastAPI's `{"detail": …}` error body, string or array form. */
export function sendDetail(
  res: ServerResponse,
  status: number,
  detail: string | DetailItem[],
  headers: Headers = {},
) {
  sendJson(res, status, { detail }, headers);
}

export const INVALID_KEY = openAIError(
  'Invalid API key',
  'authentication_error',
  'invalid_api_key',
);
export const RATE_LIMITED = openAIError(
  'Rate limit exceeded',
  'rate_limit_error',
  'rate_limit_exceeded',
);

export function modelNotLoaded(model: string) {
  return openAIError(`Model not loaded: ${model}`, 'not_found_error', 'model_not_loaded');
}

/** Resolves after `ms` (immediately for 0), or early when `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (ms <= 0 || signal?.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
