/**
 * Core types the LangChain classes name but the core's main entry leaves out (it exports what apps
 * write down), derived from the ones it exports.
 */
import type { ChatCompletionRequest, ChatMessage, ChatStreamEvent } from '@polargrid/core';

/** A function tool as sent in `tools`. */
export type ChatFunctionTool = NonNullable<ChatCompletionRequest['tools']>[number];
/** The wire `tool_choice`. */
export type ChatToolChoice = NonNullable<ChatCompletionRequest['tool_choice']>;
/** A part of a user message's content (text or image). */
export type ChatContentPart = Extract<
  Extract<ChatMessage, { role: 'user' }>['content'],
  readonly unknown[]
>[number];
/** A tool call of an assistant message. */
export type ChatToolCall = NonNullable<
  Extract<ChatMessage, { role: 'assistant' }>['tool_calls']
>[number];
/** The edge's timings of a generation (`server-timings` events). */
export type ServerTimings = Extract<ChatStreamEvent, { type: 'server-timings' }>['timings'];
/** Something the decoder passed over, with why (`warning` events). */
export type DecodeWarning = Omit<Extract<ChatStreamEvent, { type: 'warning' }>, 'type'>;
/** The wire `response_format`. */
export type ChatResponseFormat = NonNullable<ChatCompletionRequest['response_format']>;
/** The event that ends a stream normally. */
export type FinishEvent = Extract<ChatStreamEvent, { type: 'finish' }>;
