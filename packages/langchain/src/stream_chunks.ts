import { AIMessageChunk, type MessageContent } from '@langchain/core/messages';
import { ChatGenerationChunk } from '@langchain/core/outputs';
import type { ChatStreamEvent } from '@polargrid/core';
import { ResponseFacts, type ResponseFactsOptions } from './response_metadata.js';

/** How reasoning split out of `<think>` by the core is exposed. */
export type ReasoningMode = 'separate' | 'strip';

export interface ChunkMapperOptions extends ResponseFactsOptions {
  reasoningMode: ReasoningMode;
}

// Content-block indices used once reasoning has appeared, so that `concat()` merges all
// reasoning into one block and all text into another instead of one block per chunk.
const REASONING_INDEX = 0;
const TEXT_INDEX = 1;

/**
 * Maps the core's normalised stream events to `ChatGenerationChunk`s, one chunk per content
 * event, each `AIMessageChunk` built once:
 *
 * - text → string content (or a `text` block once reasoning was seen);
 * - reasoning → a `reasoning` block plus `additional_kwargs.reasoning_content`;
 * - tool calls → `tool_call_chunks` keyed by the call's index, `id`/`name` on the first chunk,
 *   argument slices after (LangChain parses them lazily; bad JSON ends in `invalid_tool_calls`);
 * - `finish` → one last empty chunk with `usage_metadata` and `response_metadata`.
 *
 * `error` events are not mapped: the caller throws them after the partial chunks.
 */
export class ChunkMapper {
  private reasoningSeen = false;
  private readonly facts: ResponseFacts;

  constructor(private readonly options: ChunkMapperOptions) {
    this.facts = new ResponseFacts(options);
  }

  /** The chunk for one event, or undefined for events that carry no message content. */
  map(event: ChatStreamEvent): ChatGenerationChunk | undefined {
    this.facts.note(event);
    switch (event.type) {
      case 'text-delta': {
        const content: MessageContent = this.reasoningSeen
          ? [{ type: 'text', text: event.text, index: TEXT_INDEX }]
          : event.text;
        return new ChatGenerationChunk({
          text: event.text,
          message: new AIMessageChunk({ content }),
        });
      }
      case 'reasoning-delta': {
        if (this.options.reasoningMode === 'strip') return undefined;
        this.reasoningSeen = true;
        return new ChatGenerationChunk({
          text: '',
          message: new AIMessageChunk({
            content: [{ type: 'reasoning', reasoning: event.text, index: REASONING_INDEX }],
            additional_kwargs: { reasoning_content: event.text },
          }),
        });
      }
      case 'tool-call-start':
        return new ChatGenerationChunk({
          text: '',
          message: new AIMessageChunk({
            content: '',
            tool_call_chunks: [
              {
                type: 'tool_call_chunk',
                id: event.id,
                name: event.name,
                args: '',
                index: event.index,
              },
            ],
          }),
        });
      case 'tool-call-delta':
        if (event.argumentsDelta === '') return undefined;
        return new ChatGenerationChunk({
          text: '',
          message: new AIMessageChunk({
            content: '',
            tool_call_chunks: [
              { type: 'tool_call_chunk', args: event.argumentsDelta, index: event.index },
            ],
          }),
        });
      case 'finish': {
        const { usage, responseMetadata } = this.facts.atFinish(event);
        return new ChatGenerationChunk({
          text: '',
          message: new AIMessageChunk({
            content: '',
            usage_metadata: usage,
            response_metadata: responseMetadata,
          }),
        });
      }
      default:
        return undefined;
    }
  }
}
