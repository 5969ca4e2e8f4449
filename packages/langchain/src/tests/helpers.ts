import type { ChatStreamEvent, ResponseMeta, TokenUsage } from '@polargrid/core';

export function usage(prompt: number, completion: number): TokenUsage {
  return {
    promptTokens: prompt,
    completionTokens: completion,
    totalTokens: prompt + completion,
    raw: { prompt_tokens: prompt, completion_tokens: completion },
  };
}

export const META: ResponseMeta = {
  region: 'yto-01',
  regionName: 'Toronto',
  endpoint: 'http://127.0.0.1:1',
  routeSource: 'autorouter',
  status: 200,
  requestId: 'req_123',
  headers: {},
  attempts: 1,
};

/** Text, then a tool call: the sequence core 1.4.0's default event bridge gets wrong. */
export const TEXT_THEN_TOOL: ChatStreamEvent[] = [
  { type: 'metadata', id: 'chatcmpl-1', model: 'qwen-3.8-27b', created: 1 },
  { type: 'text-delta', text: 'Let me ' },
  { type: 'text-delta', text: 'check.' },
  { type: 'tool-call-start', index: 0, id: 'call_a', name: 'get_current_weather' },
  { type: 'tool-call-delta', index: 0, id: 'call_a', argumentsDelta: '{"location":' },
  { type: 'tool-call-delta', index: 0, id: 'call_a', argumentsDelta: '"Paris"}' },
  {
    type: 'tool-call-end',
    index: 0,
    id: 'call_a',
    name: 'get_current_weather',
    arguments: '{"location":"Paris"}',
  },
  { type: 'usage', usage: usage(12, 7) },
  {
    type: 'server-timings',
    timings: {
      inferenceTtftMs: 5,
      inferenceTotalMs: 20,
      raw: { inference_ttft_ms: 5, inference_total_ms: 20 },
    },
  },
  { type: 'finish', reason: 'tool-calls', rawReason: 'tool_calls', usage: usage(12, 7) },
];

/** A `<think>` split by the core: reasoning first, then the answer. */
export const REASONING_THEN_TEXT: ChatStreamEvent[] = [
  { type: 'metadata', id: 'chatcmpl-2', model: 'qwen-3.8-27b' },
  { type: 'reasoning-delta', text: 'The user ' },
  { type: 'reasoning-delta', text: 'greets me.' },
  { type: 'text-delta', text: 'Hello' },
  { type: 'text-delta', text: ' there!' },
  { type: 'finish', reason: 'stop', rawReason: 'stop', usage: usage(3, 9) },
];
