import type {
  AssembledToolCall,
  ChatStreamEvent,
  CompletionStreamEvent,
  DecodeWarning,
  FinishReason,
  TokenUsage,
} from './events.js';

/**
 * A chat answer folded from its events (the same events its stream decodes to): reasoning split
 * out of `<think>` (and `reasoning_content`/`reasoning`, `thinking` content parts), tool calls
 * with ids, `tool-calls` finish reason whenever tool calls exist, exactly as the stream reports
 * them.
 */
export interface ChatResult {
  id: string | undefined;
  model: string | undefined;
  /** Unix seconds. */
  created: number | undefined;
  text: string;
  reasoning: string;
  toolCalls: AssembledToolCall[];
  finishReason: FinishReason;
  rawFinishReason: string | null;
  usage: TokenUsage | undefined;
  /** What the response held that was not used (another choice, unknown content), one per code. */
  warnings: DecodeWarning[];
}

/** A text completion folded from its events (the same events its stream decodes to). */
export interface CompletionResult {
  id: string | undefined;
  model: string | undefined;
  created: number | undefined;
  text: string;
  finishReason: FinishReason;
  rawFinishReason: string | null;
  usage: TokenUsage | undefined;
  /** What the response held that was not used (another choice), one per code. */
  warnings: DecodeWarning[];
}

/**
 * Folds a chat answer's events (a whole answer's, from {@link decodeChatCompletion}, or a
 * stream's, collected) into a {@link ChatResult}: the text and reasoning deltas joined, the tool
 * calls as ended, the finish, the last usage, the warnings. An `error` event is thrown (a
 * `PolarGridError`). Without a `finish` the result is `interrupted`.
 */
export function chatResultOf(events: Iterable<ChatStreamEvent>): ChatResult {
  const result: ChatResult = {
    ...emptyResult(),
    reasoning: '',
    toolCalls: [],
  };
  for (const event of events) {
    if (event.type === 'reasoning-delta') result.reasoning += event.text;
    else if (event.type === 'tool-call-end') {
      const { index, id, name, arguments: args } = event;
      result.toolCalls.push({ index, id, name, arguments: args });
    } else fold(result, event);
  }
  return result;
}

/** Folds a text completion's events into a {@link CompletionResult}, as {@link chatResultOf}. */
export function completionResultOf(events: Iterable<CompletionStreamEvent>): CompletionResult {
  const result = emptyResult();
  for (const event of events) fold(result, event);
  return result;
}

function emptyResult(): CompletionResult {
  return {
    id: undefined,
    model: undefined,
    created: undefined,
    text: '',
    finishReason: 'interrupted',
    rawFinishReason: null,
    usage: undefined,
    warnings: [],
  };
}

/** The events both results take the same way. */
function fold(result: CompletionResult, event: ChatStreamEvent): void {
  switch (event.type) {
    case 'metadata':
      result.id = event.id;
      result.model = event.model;
      result.created = event.created;
      break;
    case 'text-delta':
      result.text += event.text;
      break;
    case 'usage':
      result.usage = event.usage;
      break;
    case 'warning': {
      const { type: _, ...warning } = event;
      result.warnings.push(warning);
      break;
    }
    case 'finish':
      result.finishReason = event.reason;
      result.rawFinishReason = event.rawReason;
      result.usage = event.usage ?? result.usage;
      break;
    case 'error':
      throw event.error;
  }
}
