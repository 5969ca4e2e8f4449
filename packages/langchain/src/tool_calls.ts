import type { InvalidToolCall, ToolCall } from '@langchain/core/messages/tool';
import type { AssembledToolCall } from '@polargrid/core';

export type ParsedArguments =
  | { ok: true; args: Record<string, unknown> }
  | { ok: false; error: string };

/**
 * Parses a tool call's JSON arguments. Empty arguments mean `{}` (a call without parameters);
 * anything that is not a JSON object is reported, never thrown.
 */
export function parseToolArguments(text: string): ParsedArguments {
  if (text.trim() === '') return { ok: true, args: {} };
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      return { ok: true, args: value as Record<string, unknown> };
    }
    return { ok: false, error: 'Tool call arguments are not a JSON object.' };
  } catch (error) {
    return {
      ok: false,
      error: `Failed to parse tool call arguments as JSON: ${(error as Error).message}`,
    };
  }
}

/** Splits assembled tool calls into valid `tool_calls` and `invalid_tool_calls`. */
export function toLangChainToolCalls(calls: readonly AssembledToolCall[]): {
  toolCalls: ToolCall[];
  invalidToolCalls: InvalidToolCall[];
} {
  const toolCalls: ToolCall[] = [];
  const invalidToolCalls: InvalidToolCall[] = [];
  for (const call of calls) {
    const parsed = parseToolArguments(call.arguments);
    if (parsed.ok) {
      toolCalls.push({ type: 'tool_call', id: call.id, name: call.name, args: parsed.args });
    } else {
      invalidToolCalls.push({
        type: 'invalid_tool_call',
        id: call.id,
        name: call.name,
        args: call.arguments,
        error: parsed.error,
      });
    }
  }
  return { toolCalls, invalidToolCalls };
}
