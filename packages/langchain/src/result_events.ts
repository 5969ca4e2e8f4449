import type { ChatResult, ChatStreamEvent } from '@polargrid/core';

/**
 * A non-streamed core result as the event sequence a stream of the same answer would decode to
 * (metadata, warnings, reasoning, text, each tool call, usage, finish). It lets the native event protocol
 * (`model.streamEvents(input)`) serve a `disableStreaming` model from one plain request through
 * the same mapping as a real stream.
 */
export function resultToStreamEvents(result: ChatResult): ChatStreamEvent[] {
  const events: ChatStreamEvent[] = [
    { type: 'metadata', id: result.id, model: result.model, created: result.created },
    ...result.warnings.map((warning): ChatStreamEvent => ({ type: 'warning', ...warning })),
  ];
  if (result.reasoning !== '') events.push({ type: 'reasoning-delta', text: result.reasoning });
  if (result.text !== '') events.push({ type: 'text-delta', text: result.text });
  for (const call of result.toolCalls) {
    events.push({ type: 'tool-call-start', index: call.index, id: call.id, name: call.name });
    if (call.arguments !== '') {
      events.push({
        type: 'tool-call-delta',
        index: call.index,
        id: call.id,
        argumentsDelta: call.arguments,
      });
    }
    events.push({
      type: 'tool-call-end',
      index: call.index,
      id: call.id,
      name: call.name,
      arguments: call.arguments,
    });
  }
  if (result.usage !== undefined) events.push({ type: 'usage', usage: result.usage });
  events.push({
    type: 'finish',
    reason: result.finishReason,
    rawReason: result.rawFinishReason,
    usage: result.usage,
  });
  return events;
}
