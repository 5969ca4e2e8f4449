import type { ChatCompletion } from '../types/chat-types.js';
import type { Completion } from '../types/other-types.js';
import { isRecord } from '../util/safe-json.js';
import type { ChatResult, CompletionResult } from './chat-result.js';
import { readContent, readReasoning } from './content-parts.js';
import type { ChatDecodeOptions } from './decode-options.js';
import type { AssembledToolCall, DecodeWarning } from './events.js';
import { mapFinishReason } from './finish-reason.js';
import { ThinkSplitter } from './think-splitter.js';
import { generateToolCallId, wireId } from './tool-call-id.js';
import { toTokenUsage } from './usage.js';
import { isAnswerChoice } from './wire.js';

type Obj = Record<string, unknown>;

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
function num(value: unknown): number | undefined {
  return typeof value === 'number' ? value : undefined;
}

/** Collects warnings, one per code, as a stream reports them. */
function warningList(): { warnings: DecodeWarning[]; warn: (warning: DecodeWarning) => void } {
  const warnings: DecodeWarning[] = [];
  const warn = (warning: DecodeWarning): void => {
    if (!warnings.some((w) => w.code === warning.code)) warnings.push(warning);
  };
  return { warnings, warn };
}

/** Choice 0 of a response; any other choice is reported as ignored. */
function answerChoice(choices: unknown, warn: (warning: DecodeWarning) => void): Obj | undefined {
  if (!Array.isArray(choices)) return undefined;
  let answer: Obj | undefined;
  for (const choice of choices) {
    if (!isRecord(choice)) continue;
    if (answer === undefined && isAnswerChoice(choice)) {
      answer = choice;
    } else {
      warn({
        code: 'ignored-choice',
        message: `The edge sent a choice with index ${JSON.stringify(choice.index)}; only choice 0 is the answer, so it was ignored.`,
        data: choice,
      });
    }
  }
  return answer;
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
 * Normalizes a non-streamed chat completion the way {@link decodeChatStream} normalizes a
 * stream: reasoning from `reasoning_content`/`reasoning`, from `thinking` content parts and
 * from `<think>…</think>` (at the start of the content, or anywhere when
 * `options.reasoningRequested`), text from a string or from `text` parts, tool calls with ids
 * (generated when missing), the normalized finish reason (`tool-calls` whenever tool calls
 * exist) and usage. Only choice 0 is read. What was not used (another choice, a content part of
 * an unknown type) is listed in `warnings`.
 */
export function normalizeChatCompletion(
  c: ChatCompletion,
  options?: Pick<ChatDecodeOptions, 'reasoningRequested'>,
): ChatResult {
  const body: Obj = isRecord(c) ? (c as unknown as Obj) : {};
  const { warnings, warn } = warningList();
  const choice = answerChoice(body.choices, warn);
  const message = isRecord(choice?.message) ? choice.message : {};
  let text = '';
  let reasoning = '';
  const splitter = new ThinkSplitter(
    (t) => {
      text += t;
    },
    (r) => {
      reasoning += r;
    },
    { reasoningRequested: options?.reasoningRequested },
  );
  const sink = {
    text: (t: string) => splitter.push(t),
    reasoning: (r: string) => {
      reasoning += r;
    },
    unsupported: (value: unknown) =>
      warn({
        code: 'unsupported-content',
        message: 'The edge sent content of a shape the decoder does not know; it was not decoded.',
        data: value,
      }),
  };
  readReasoning(message.reasoning_content ?? message.reasoning, sink);
  readContent(message.content, sink);
  splitter.flush();
  const calls = toolCalls(message.tool_calls);
  const rawReason = str(choice?.finish_reason) ?? null;
  const refusal = str(message.refusal) ?? '';
  const finishReason = mapFinishReason(rawReason, calls.length > 0);
  return {
    id: str(body.id),
    model: str(body.model),
    created: num(body.created),
    text: text + refusal,
    reasoning,
    toolCalls: calls,
    // A refusal is the model declining: reported as a content filter, never a plain stop.
    finishReason: refusal !== '' && finishReason === 'stop' ? 'content-filter' : finishReason,
    rawFinishReason: rawReason,
    usage: toTokenUsage(body.usage),
    warnings,
  };
}

/** Normalizes a non-streamed text completion (`choices[0].text`), like {@link decodeCompletionStream}. */
export function normalizeCompletion(c: Completion): CompletionResult {
  const body: Obj = isRecord(c) ? (c as unknown as Obj) : {};
  const { warnings, warn } = warningList();
  const choice = answerChoice(body.choices, warn);
  const rawReason = str(choice?.finish_reason) ?? null;
  return {
    id: str(body.id),
    model: str(body.model),
    created: num(body.created),
    text: str(choice?.text) ?? '',
    finishReason: mapFinishReason(rawReason, false),
    rawFinishReason: rawReason,
    usage: toTokenUsage(body.usage),
    warnings,
  };
}
