/** `POST /v1/chat/completions`, whole and streamed. */
import type { ChatCompletion, ChatCompletionRequest } from '../types/chat-types.js';
import { type EventStream, generate } from '../connection/edge-io.js';
import { generateStream } from '../connection/stream-generation.js';
import type { RequestOptions, WithMeta } from '../types/options.js';
import type { PolarGridEdge } from '../connection/polargrid-edge.js';
import { type ChatResult, chatResultOf } from '../stream/chat-result.js';
import { decodeChatStream } from '../stream/chat-stream-decoder.js';
import type { ChatStreamEvent } from '../stream/events.js';
import { decodeChatCompletion } from '../stream/whole-answer.js';
import { prepareChat } from './validate.js';

const CHAT_PATH = '/v1/chat/completions';

/** Whether the request asked for reasoning: then `<think>` is reasoning wherever it appears. */
function reasoningRequested(body: ChatCompletionRequest): boolean {
  return body.enable_thinking === true;
}

/**
 * A chat completion, not streamed: the wire response (`data`), the events it decodes to (the
 * same a stream of this answer yields, `events`), their fold (`result`: text, reasoning split
 * out of `<think>`, tool calls, usage, finish) and where it ran (`meta`). The request is
 * validated before anything is sent; caller-set sampling values (including 0) are always sent.
 */
export async function createChatCompletion(
  edge: PolarGridEdge,
  body: ChatCompletionRequest,
  options?: RequestOptions,
): Promise<WithMeta<ChatCompletion> & { events: ChatStreamEvent[]; result: ChatResult }> {
  const reasoning = { reasoningRequested: reasoningRequested(body) };
  return generate(edge, CHAT_PATH, prepareChat(body, false), options, (data: ChatCompletion) => {
    const events = decodeChatCompletion(data, reasoning);
    return { events, result: chatResultOf(events) };
  });
}

/**
 * A streamed chat completion (sends `stream: true` and `stream_options.include_usage: true`),
 * decoded into normalised {@link ChatStreamEvent}s: text and reasoning deltas, tool-call deltas,
 * usage, server timings, then one `finish` (or an `error`; a stream cut short says so).
 * Resolves once the edge has answered with a 2xx; read `events` once.
 */
export async function streamChatCompletion(
  edge: PolarGridEdge,
  body: ChatCompletionRequest,
  options?: RequestOptions,
): Promise<EventStream<ChatStreamEvent>> {
  const reasoning = { reasoningRequested: reasoningRequested(body) };
  return generateStream(edge, CHAT_PATH, prepareChat(body, true), options, (events, decode) =>
    decodeChatStream(events, { ...decode, ...reasoning }),
  );
}
