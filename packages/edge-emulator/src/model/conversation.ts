/** The parts of an OpenAI-style chat message the model looks at. */
export interface Turn {
  role: string;
  text: string;
  name?: string;
  toolCallId?: string;
  toolCalls?: { id: string; name: string; arguments: string }[];
}

function partText(part: unknown): string {
  if (typeof part === 'string') return part;
  if (part && typeof part === 'object') {
    const p = part as Record<string, unknown>;
    if (typeof p.text === 'string') return p.text;
  }
  return '';
}

/** Message content as plain text (string content, or the text parts of an array). */
export function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) return content.map(partText).join('');
  return '';
}

export function toTurns(messages: readonly unknown[]): Turn[] {
  return messages.map((raw) => {
    const m = (raw ?? {}) as Record<string, unknown>;
    const turn: Turn = { role: String(m.role ?? ''), text: contentText(m.content) };
    if (typeof m.name === 'string') turn.name = m.name;
    if (typeof m.tool_call_id === 'string') turn.toolCallId = m.tool_call_id;
    if (Array.isArray(m.tool_calls)) {
      turn.toolCalls = m.tool_calls.map((c) => {
        const call = (c ?? {}) as Record<string, unknown>;
        const fn = (call.function ?? {}) as Record<string, unknown>;
        return {
          id: String(call.id ?? ''),
          name: String(fn.name ?? ''),
          arguments: String(fn.arguments ?? ''),
        };
      });
    }
    return turn;
  });
}

/** The last user message's text ('' when there is none). */
export function lastUserText(turns: readonly Turn[]): string {
  for (let i = turns.length - 1; i >= 0; i--) {
    const turn = turns[i];
    if (turn?.role === 'user') return turn.text;
  }
  return '';
}

/** A stable fingerprint of the conversation, to seed deterministic choices. */
export function conversationKey(turns: readonly Turn[]): string {
  return turns.map((t) => `${t.role}:${t.text}:${t.toolCallId ?? ''}`).join('\u241e');
}

/** Tool results after the last assistant message that asked for tools (empty when none). */
export function pendingToolResults(turns: readonly Turn[]): { name: string; content: string }[] {
  const results: { name: string; content: string }[] = [];
  let i = turns.length - 1;
  while (i >= 0 && turns[i]?.role === 'tool') i--;
  if (i === turns.length - 1) return results;
  const asked = turns[i]?.toolCalls ?? [];
  for (let j = i + 1; j < turns.length; j++) {
    const turn = turns[j] as Turn;
    const call = asked.find((c) => c.id === turn.toolCallId);
    results.push({ name: call?.name ?? turn.name ?? 'the tool', content: turn.text });
  }
  return results;
}

/** Names of the tools the assistant already called since the last user message. */
export function toolsCalledThisTurn(turns: readonly Turn[]): Set<string> {
  const names = new Set<string>();
  for (let i = turns.length - 1; i >= 0 && turns[i]?.role !== 'user'; i--) {
    for (const call of turns[i]?.toolCalls ?? []) names.add(call.name);
  }
  return names;
}
