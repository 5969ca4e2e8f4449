'use client';

/** Renders one UI message: text, collapsible reasoning, tool calls, and the answer's metadata. */
import type { UIMessage } from 'ai';
import { type AnswerEnding, ENDINGS } from '@/lib/answer-ending';
import type { ChatMetadata, ChatUIMessage } from '@/lib/chat-metadata';

type Part = ChatUIMessage['parts'][number];

interface ToolView {
  name: string;
  state: string;
  input: unknown;
  output: unknown;
  errorText: string | undefined;
}

/** Static (`tool-<name>`, AI SDK route) and dynamic (LangChain route) tool parts look alike here. */
function toolView(part: Part): ToolView | undefined {
  if (part.type === 'dynamic-tool') {
    return {
      name: part.toolName,
      state: part.state,
      input: part.input,
      output: 'output' in part ? part.output : undefined,
      errorText: 'errorText' in part ? part.errorText : undefined,
    };
  }
  if (part.type.startsWith('tool-') && 'toolCallId' in part) {
    const p = part as Extract<UIMessage['parts'][number], { toolCallId: string }>;
    return {
      name: part.type.slice('tool-'.length),
      state: p.state,
      input: p.input,
      output: 'output' in p ? p.output : undefined,
      errorText: 'errorText' in p ? p.errorText : undefined,
    };
  }
  return undefined;
}

function pretty(value: unknown): string {
  if (value === undefined) return '…';
  if (typeof value === 'string') {
    try {
      return JSON.stringify(JSON.parse(value), null, 2);
    } catch {
      return value;
    }
  }
  return JSON.stringify(value, null, 2);
}

function ToolCall({ tool }: { tool: ToolView }) {
  return (
    <div className="tool-call" data-testid="tool-call" data-tool-name={tool.name}>
      <div className="tool-head">
        <span className="tool-icon" aria-hidden>
          ⚙
        </span>
        <code data-testid="tool-name">{tool.name}</code>
        <span className={`tool-state tool-state-${tool.state}`}>{tool.state}</span>
      </div>
      <div className="tool-body">
        <div>
          <div className="label">input</div>
          <pre data-testid="tool-input">{pretty(tool.input)}</pre>
        </div>
        <div>
          <div className="label">{tool.errorText ? 'error' : 'output'}</div>
          <pre data-testid="tool-output">{tool.errorText ?? pretty(tool.output)}</pre>
        </div>
      </div>
    </div>
  );
}

export function AnswerMeta({
  meta,
  ending,
}: {
  meta: ChatMetadata | undefined;
  ending: AnswerEnding | undefined;
}) {
  if (!meta && !ending) return null;
  const tokens =
    meta?.totalTokens !== undefined
      ? `${meta.inputTokens ?? '?'} in · ${meta.outputTokens ?? '?'} out`
      : undefined;
  return (
    <div className="answer-meta" data-testid="answer-meta">
      {meta?.backend && (
        <span className="chip">{meta.backend === 'ai-sdk' ? 'AI SDK' : 'LangChain'}</span>
      )}
      {meta?.region && (
        <span className="chip" data-testid="meta-region" title={meta.requestId ?? undefined}>
          {meta.regionName ? `${meta.regionName} (${meta.region})` : meta.region}
        </span>
      )}
      {meta?.ttftMs !== undefined && (
        <span className="chip" data-testid="meta-ttft">
          TTFT {meta.ttftMs} ms
          {meta.serverTtftMs !== undefined ? ` (edge ${meta.serverTtftMs} ms)` : ''}
        </span>
      )}
      {tokens && (
        <span className="chip" data-testid="meta-tokens">
          {tokens}
        </span>
      )}
      {meta?.steps !== undefined && meta.steps > 1 && (
        <span className="chip">{meta.steps} steps</span>
      )}
      {meta?.requestId && <span className="chip muted">req {meta.requestId}</span>}
      {ending && (
        <span className="chip warn" data-testid={`meta-${ending}`}>
          {ENDINGS[ending].chip}
        </span>
      )}
    </div>
  );
}

export function Message({
  message,
  ending,
  active,
}: {
  message: ChatUIMessage;
  /** How the answer ended, when not normally. */
  ending: AnswerEnding | undefined;
  /** This answer is still streaming. */
  active: boolean;
}) {
  const isUser = message.role === 'user';
  const hasContent = message.parts.some(
    (p) => p.type === 'text' || p.type === 'reasoning' || toolView(p) !== undefined,
  );
  return (
    <article className={`message ${message.role}`} data-testid="message" data-role={message.role}>
      <div className="avatar" aria-hidden>
        {isUser ? 'You' : 'PG'}
      </div>
      <div className="bubble">
        {message.parts.map((part, i) => {
          const key = `${message.id}-${i}`;
          if (part.type === 'text') {
            return (
              <div key={key} className="text" data-testid={isUser ? 'user-text' : 'assistant-text'}>
                {/* Text after a reasoning block starts with the blank line that followed </think>. */}
                {isUser ? part.text : part.text.trimStart()}
              </div>
            );
          }
          if (part.type === 'reasoning') {
            return (
              <details key={key} className="reasoning" data-testid="reasoning">
                <summary>Reasoning{part.state === 'streaming' ? '…' : ''}</summary>
                <div className="reasoning-text">{part.text.trim()}</div>
              </details>
            );
          }
          const tool = toolView(part);
          return tool ? <ToolCall key={key} tool={tool} /> : null;
        })}
        {!isUser && !hasContent && !active && !ending && (
          <div className="text muted" data-testid="no-answer">
            (no answer)
          </div>
        )}
        {!isUser && ending && ENDINGS[ending].note && (
          <div className="text muted" role="status" data-testid="ending-note">
            {ENDINGS[ending].note}
          </div>
        )}
        {!isUser && <AnswerMeta meta={message.metadata} ending={ending} />}
      </div>
    </article>
  );
}
