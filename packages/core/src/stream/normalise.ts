import type { ChatCompletion } from '../api/chat-types.js';
import type { Completion } from '../api/other-types.js';
import type { ChatResult, CompletionResult } from './chat-result.js';
import type { AssembledToolCall } from './events.js';
import { mapFinishReason } from './finish-reason.js';
import { splitThink } from './think-splitter.js';
import { generateToolCallId, wireId } from './tool-call-id.js';
import { toTokenUsage } from './usage.js';
import { isRecord } from '../util/safe-json.js';

type Obj = Record<string, unknown>;

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
function num(value: unknown): number | undefined {
  return typeof value === 'number' ? value : undefined;
}
function firstChoice(choices: unknown): Obj | undefined {
  if (!Array.isArray(choices)) return undefined;
  const first = choices.find((c) => isRecord(c) && (c.index === undefined || c.index === 0));
  return isRecord(first) ? first : undefined;
}

function toolCalls(raw: unknown): AssembledToolCall[] {
  if (!Array.isArray(raw)) return [];
  const calls: AssembledToolCall[] = [];
  const used = new Set<string>();
  for (const call of raw) {
    if (!isRecord(call)) continue;
    const fn = isRecord(call.function) ? call.function : {};
    const args = fn.arguments;
    // Unique within the response, as in streams: a repeated server id gets a fresh one.
    let id = wireId(call.id);
    if (id === undefined || used.has(id)) id = generateToolCallId();
    used.add(id);
    calls.push({
      index: calls.length,
      id,
      name: str(fn.name) ?? '',
      // Some servers send the arguments as an object; keep the JSON-text contract.
      arguments:
        typeof args === 'string'
          ? args
          : args === undefined || args === null
            ? ''
            : JSON.stringify(args),
    });
  }
  return calls;
}

/**
 * Normalises a non-streamed chat completion the way {@link decodeChatStream} normalises a
 * stream: reasoning from `reasoning_content`/`reasoning` plus `<think>…</think>` split out of
 * `content`, tool calls with ids (generated when missing), the normalised finish reason
 * (`tool-calls` whenever tool calls exist) and usage. Only `choices[0]` is read.
 */
export function normaliseChatCompletion(c: ChatCompletion): ChatResult {
  const body: Obj = isRecord(c) ? (c as unknown as Obj) : {};
  const choice = firstChoice(body.choices);
  const message = isRecord(choice?.message) ? choice.message : {};
  const split = splitThink(str(message.content) ?? '');
  const fieldReasoning = str(message.reasoning_content) ?? str(message.reasoning) ?? '';
  const calls = toolCalls(message.tool_calls);
  const rawReason = str(choice?.finish_reason) ?? null;
  const refusal = str(message.refusal) ?? '';
  const finishReason = mapFinishReason(rawReason, calls.length > 0);
  return {
    id: str(body.id),
    model: str(body.model),
    created: num(body.created),
    text: split.text + refusal,
    reasoning: fieldReasoning + split.reasoning,
    toolCalls: calls,
    // A refusal is the model declining: reported as a content filter, never a plain stop.
    finishReason: refusal !== '' && finishReason === 'stop' ? 'content-filter' : finishReason,
    rawFinishReason: rawReason,
    usage: toTokenUsage(body.usage),
  };
}

/** Normalises a non-streamed text completion (`choices[0].text`), like {@link decodeCompletionStream}. */
export function normaliseCompletion(c: Completion): CompletionResult {
  const body: Obj = isRecord(c) ? (c as unknown as Obj) : {};
  const choice = firstChoice(body.choices);
  const rawReason = str(choice?.finish_reason) ?? null;
  return {
    id: str(body.id),
    model: str(body.model),
    created: num(body.created),
    text: str(choice?.text) ?? '',
    finishReason: mapFinishReason(rawReason, false),
    rawFinishReason: rawReason,
    usage: toTokenUsage(body.usage),
  };
}
