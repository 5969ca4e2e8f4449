import type { ChatModelStreamEvent, FinishReason } from '@langchain/core/language_models/event';
import type { ContentBlock } from '@langchain/core/messages';
import type { ChatStreamEvent, ResponseMeta, ServerTimings, TokenUsage } from '@polargrid/core';
import type { ReasoningMode } from './stream_chunks.js';
import { buildResponseMetadata, toWireFinishReason } from './response_metadata.js';
import { parseToolArguments } from './tool_calls.js';
import { toUsageMetadata } from './usage.js';

export interface EventMapperOptions {
  /** The id of the message this stream builds (unique per response). */
  messageId?: string | undefined;
  requestedModel: string;
  meta: ResponseMeta | undefined;
  streamUsage: boolean;
  reasoningMode: ReasoningMode;
}

function toFinishReason(reason: string): FinishReason | undefined {
  switch (reason) {
    case 'stop':
      return 'stop';
    case 'length':
      return 'length';
    case 'tool-calls':
      return 'tool_use';
    case 'content-filter':
      return 'content_filter';
    default:
      // `interrupted`, `error`, `other`: no standard reason; `response_metadata.finish_reason`
      // keeps the real one.
      return undefined;
  }
}

/**
 * Maps the core's stream events to LangChain's content-block protocol
 * (`message-start`, `content-block-start/-delta/-finish`, `usage`, `message-finish`).
 *
 * Every block gets its own index in order of first appearance (reasoning, text and each tool
 * call apart), which is what keeps a tool call that follows text: the default bridge of
 * @langchain/core 1.4.0 (`convertChunksToEvents`) uses a tool call's own index as its block index,
 * so the first call collides with the text block at index 0 and is lost
 * (langchain-ai/langchainjs#11074, open; fixes proposed in #11075 and #11114).
 */
export class EventMapper {
  private nextIndex = 0;
  private started = false;
  private textIndex: number | undefined;
  private reasoningIndex: number | undefined;
  private text = '';
  private reasoning = '';
  private readonly toolIndex = new Map<number, number>();
  private serverId: string | undefined;
  private serverModel: string | undefined;
  private usage: TokenUsage | undefined;
  private timings: ServerTimings | undefined;

  constructor(private readonly options: EventMapperOptions) {}

  private start(out: ChatModelStreamEvent[]): void {
    if (this.started) return;
    this.started = true;
    // PolarGrid's response ids are not guaranteed unique, so the caller supplies one.
    out.push(
      this.options.messageId === undefined
        ? { event: 'message-start' }
        : { event: 'message-start', id: this.options.messageId },
    );
  }

  /** The protocol events for one core event (possibly none). */
  map(event: ChatStreamEvent): ChatModelStreamEvent[] {
    const out: ChatModelStreamEvent[] = [];
    switch (event.type) {
      case 'metadata':
        this.serverId = event.id;
        this.serverModel = event.model;
        this.start(out);
        break;
      case 'text-delta': {
        if (event.text === '') break;
        this.start(out);
        if (this.textIndex === undefined) {
          this.textIndex = this.nextIndex++;
          out.push({
            event: 'content-block-start',
            index: this.textIndex,
            content: { type: 'text', text: '' },
          });
        }
        this.text += event.text;
        out.push({
          event: 'content-block-delta',
          index: this.textIndex,
          delta: { type: 'text-delta', text: event.text },
        });
        break;
      }
      case 'reasoning-delta': {
        if (this.options.reasoningMode === 'strip' || event.text === '') break;
        this.start(out);
        if (this.reasoningIndex === undefined) {
          this.reasoningIndex = this.nextIndex++;
          out.push({
            event: 'content-block-start',
            index: this.reasoningIndex,
            content: { type: 'reasoning', reasoning: '' },
          });
        }
        this.reasoning += event.text;
        out.push({
          event: 'content-block-delta',
          index: this.reasoningIndex,
          delta: { type: 'reasoning-delta', reasoning: event.text },
        });
        break;
      }
      case 'tool-call-start': {
        this.start(out);
        const index = this.nextIndex++;
        this.toolIndex.set(event.index, index);
        out.push({
          event: 'content-block-start',
          index,
          content: {
            type: 'tool_call_chunk',
            id: event.id,
            name: event.name,
            args: '',
            index: event.index,
          },
        });
        break;
      }
      case 'tool-call-delta': {
        const index = this.toolIndex.get(event.index);
        if (index === undefined || event.argumentsDelta === '') break;
        out.push({
          event: 'content-block-delta',
          index,
          delta: { type: 'tool-call-delta', args: event.argumentsDelta },
        });
        break;
      }
      case 'tool-call-end': {
        const index = this.toolIndex.get(event.index);
        if (index === undefined) break;
        const parsed = parseToolArguments(event.arguments);
        const content: ContentBlock = parsed.ok
          ? { type: 'tool_call', id: event.id, name: event.name, args: parsed.args }
          : {
              type: 'invalid_tool_call',
              id: event.id,
              name: event.name,
              args: event.arguments,
              error: parsed.error,
            };
        out.push({ event: 'content-block-finish', index, content });
        break;
      }
      case 'usage':
        this.usage = event.usage;
        if (this.options.streamUsage) {
          const usage = toUsageMetadata(event.usage);
          if (usage) out.push({ event: 'usage', usage });
        }
        break;
      case 'server-timings':
        this.timings = event.timings;
        break;
      case 'finish': {
        this.start(out);
        if (this.reasoningIndex !== undefined) {
          out.push({
            event: 'content-block-finish',
            index: this.reasoningIndex,
            content: { type: 'reasoning', reasoning: this.reasoning },
          });
        }
        if (this.textIndex !== undefined) {
          out.push({
            event: 'content-block-finish',
            index: this.textIndex,
            content: { type: 'text', text: this.text },
          });
        }
        const usage = this.options.streamUsage
          ? toUsageMetadata(event.usage ?? this.usage)
          : undefined;
        const responseMetadata = buildResponseMetadata({
          requestedModel: this.options.requestedModel,
          serverModel: this.serverModel,
          serverId: this.serverId,
          meta: this.options.meta,
          finishReason: toWireFinishReason(event.reason, event.rawReason),
          timings: event.timings ?? this.timings,
        });
        const reason = toFinishReason(event.reason);
        out.push({
          event: 'message-finish',
          ...(reason ? { reason } : {}),
          ...(usage ? { usage } : {}),
          responseMetadata,
        });
        break;
      }
      default:
        break;
    }
    return out;
  }
}
