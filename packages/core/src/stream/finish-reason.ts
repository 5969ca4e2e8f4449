import type { FinishReason } from './events.js';

/**
 * Normalises a wire `finish_reason`.
 *
 * `stop`→`stop`, `length`→`length`, `content_filter`→`content-filter`,
 * `tool_calls`/`function_call`→`tool-calls`, anything else→`other`. When tool calls were
 * produced and the server said `stop`, nothing, or something unknown, the result is
 * `tool-calls`: agent loops key on it, and servers that steer tools often still say `stop`.
 *
 * @param raw - the server's `finish_reason` (null/undefined when none arrived)
 * @param hasToolCalls - whether the response carried at least one tool call
 */
export function mapFinishReason(
  raw: string | null | undefined,
  hasToolCalls: boolean,
): FinishReason {
  if (raw === 'length') return 'length';
  if (raw === 'content_filter') return 'content-filter';
  if (hasToolCalls || raw === 'tool_calls' || raw === 'function_call') return 'tool-calls';
  return raw === 'stop' ? 'stop' : 'other';
}
