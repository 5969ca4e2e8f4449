/**
 * Bytes a PolarGrid edge (or a hostile one) sends: OpenAI-compatible chat chunks as SSE events,
 * whole chat completions as JSON, written by this suite (no recorded fixtures).
 */
import type { ServerResponse } from 'node:http';
import type { ReceivedRequest } from './hostile-server.ts';

export const DONE = 'data: [DONE]\n\n';

/** One SSE data event. */
export function sse(payload: unknown): string {
  return `data: ${JSON.stringify(payload)}\n\n`;
}

/** A `chat.completion.chunk` with one choice (index 0 unless given). */
export function chunk(
  delta: Record<string, unknown>,
  options: { finish?: string | null; index?: number } = {},
): string {
  return sse({
    id: 'chatcmpl-hostile',
    object: 'chat.completion.chunk',
    created: 1764000000,
    model: 'qwen-3.8-27b',
    choices: [{ index: options.index ?? 0, delta, finish_reason: options.finish ?? null }],
  });
}

/** A whole `chat.completion` whose choices are given as they should appear on the wire. */
export function completion(choices: Record<string, unknown>[]): string {
  return JSON.stringify({
    id: 'chatcmpl-hostile',
    object: 'chat.completion',
    created: 1764000000,
    model: 'qwen-3.8-27b',
    choices,
    usage: { prompt_tokens: 5, completion_tokens: 5, total_tokens: 10 },
  });
}

/** A whole completion with one answer at index 0. */
export function answerJSON(message: Record<string, unknown>, finish = 'stop'): string {
  return completion([
    { index: 0, message: { role: 'assistant', ...message }, finish_reason: finish },
  ]);
}

/** Whether the client asked for a stream (`"stream": true` in the JSON body). */
export function wantsStream(req: ReceivedRequest): boolean {
  try {
    return (JSON.parse(req.body) as { stream?: unknown }).stream === true;
  } catch {
    return false;
  }
}

export function startSSE(res: ServerResponse, status = 200, headers: Record<string, string> = {}) {
  res.writeHead(status, {
    'content-type': 'text/event-stream',
    'cache-control': 'no-cache',
    'x-request-id': 'req_hostile',
    ...headers,
  });
  res.flushHeaders();
}

export function sendJSON(
  res: ServerResponse,
  status: number,
  body: string,
  headers: Record<string, string> = {},
) {
  res.writeHead(status, {
    'content-type': 'application/json',
    'x-request-id': 'req_hostile',
    ...headers,
  });
  res.end(body);
}

/**
 * Answers a chat request in the mode it asked for: as a stream of `deltas` (then the finish
 * chunk and `[DONE]`), or as one completion carrying `message`.
 */
export function answerChat(
  req: ReceivedRequest,
  res: ServerResponse,
  answer: { deltas: Record<string, unknown>[]; message: Record<string, unknown>; finish?: string },
) {
  const finish = answer.finish ?? 'stop';
  if (!wantsStream(req)) {
    sendJSON(res, 200, answerJSON(answer.message, finish));
    return;
  }
  startSSE(res);
  res.write(chunk({ role: 'assistant', content: '' }));
  for (const delta of answer.deltas) res.write(chunk(delta));
  res.write(chunk({}, { finish }));
  res.end(DONE);
}

/** Answers with plain text, split into `parts` when streamed. */
export function answerText(req: ReceivedRequest, res: ServerResponse, parts: string[]) {
  answerChat(req, res, {
    deltas: parts.map((content) => ({ content })),
    message: { content: parts.join('') },
  });
}
