import {
  AIMessage,
  type BaseMessage,
  ChatMessage,
  ToolMessage,
  type MessageContent,
} from '@langchain/core/messages';
import { convertLangChainToolCallToOpenAI } from '@langchain/core/output_parsers/openai_tools';
import type { ChatMessage as WireMessage } from '@polargrid/core';
import type { ChatContentPart, ChatToolCall } from './core_types.js';

/** What the message converter needs to know about the target model. */
export interface MessageConversionOptions {
  model: string;
  /** From the model's profile: whether `image_url` parts may be sent. */
  imageInputs: boolean;
}

type Block = Record<string, unknown> & { type?: unknown };

const isRecord = (v: unknown): v is Block => typeof v === 'object' && v !== null;

/** Joins the text blocks of any message content; other blocks are skipped. */
export function textOfContent(content: MessageContent): string {
  if (typeof content === 'string') return content;
  let text = '';
  for (const block of content as unknown[]) {
    if (typeof block === 'string') text += block;
    else if (isRecord(block) && block.type === 'text' && typeof block.text === 'string') {
      text += block.text;
    }
  }
  return text;
}

/** A v1 image block (`url`, or `data` + `mimeType`) as a data or https URL. */
function imageURL(block: Block): string | undefined {
  if (typeof block.url === 'string') return block.url;
  const mime = typeof block.mimeType === 'string' ? block.mimeType : undefined;
  if (typeof block.data === 'string' && mime) return `data:${mime};base64,${block.data}`;
  return undefined;
}

function unsupported(kind: string, opts: MessageConversionOptions): Error {
  return new Error(
    `ChatPolarGrid: ${kind} content is not supported by model "${opts.model}". ` +
      'PolarGrid chat models take text (and images only where the model profile says imageInputs).',
  );
}

/** User content: a plain string when it is all text, else OpenAI-shaped parts. */
function userContent(
  message: BaseMessage,
  opts: MessageConversionOptions,
): string | ChatContentPart[] {
  if (typeof message.content === 'string') return message.content;
  const parts: ChatContentPart[] = [];
  let onlyText = true;
  for (const block of message.contentBlocks as unknown as Block[]) {
    switch (block.type) {
      case 'text':
        if (typeof block.text === 'string') parts.push({ type: 'text', text: block.text });
        break;
      case 'image': {
        const url = imageURL(block);
        if (!opts.imageInputs || url === undefined) throw unsupported('Image', opts);
        parts.push({ type: 'image_url', image_url: { url } });
        onlyText = false;
        break;
      }
      case 'audio':
        throw unsupported('Audio', opts);
      case 'file':
      case 'text-plain':
      case 'video':
        throw unsupported(String(block.type), opts);
      default:
        // Non-standard blocks (provider-specific) are skipped rather than sent to a server that
        // would reject them.
        break;
    }
  }
  if (onlyText) return parts.map((p) => (p.type === 'text' ? p.text : '')).join('');
  return parts;
}

function toolResultContent(content: MessageContent): string {
  if (typeof content === 'string') return content;
  const blocks = content as unknown[];
  if (blocks.every((b) => typeof b === 'string' || (isRecord(b) && b.type === 'text'))) {
    return textOfContent(content);
  }
  return JSON.stringify(content);
}

function assistantMessage(message: AIMessage): WireMessage {
  const text = textOfContent(message.content);
  const toolCalls: ChatToolCall[] = [];
  if (message.tool_calls?.length) {
    for (const call of message.tool_calls) {
      const wire = convertLangChainToolCallToOpenAI(call);
      toolCalls.push({
        id: wire.id,
        type: 'function',
        function: { name: wire.function.name, arguments: wire.function.arguments },
      });
    }
  }
  if (toolCalls.length === 0) return { role: 'assistant', content: text };
  return { role: 'assistant', content: text === '' ? null : text, tool_calls: toolCalls };
}

function roleOf(message: BaseMessage): string {
  if (ChatMessage.isInstance(message)) return message.role;
  return message.getType();
}

/**
 * LangChain messages → PolarGrid wire messages. `system` stays `system` (never `developer`),
 * AI tool calls become `assistant.tool_calls` with `content: null` when there is no text, and a
 * tool result becomes `{role: "tool", tool_call_id, content}`.
 */
export function toWireMessages(
  messages: BaseMessage[],
  opts: MessageConversionOptions,
): WireMessage[] {
  const out: WireMessage[] = new Array(messages.length);
  for (let i = 0; i < messages.length; i++) {
    const message = messages[i]!;
    const role = roleOf(message);
    switch (role) {
      case 'system':
      case 'developer':
        out[i] = { role: 'system', content: textOfContent(message.content) };
        break;
      case 'human':
      case 'user':
        out[i] = { role: 'user', content: userContent(message, opts) };
        break;
      case 'ai':
      case 'assistant':
        out[i] = AIMessage.isInstance(message)
          ? assistantMessage(message)
          : { role: 'assistant', content: textOfContent(message.content) };
        break;
      case 'tool': {
        const tool = message as ToolMessage;
        if (!ToolMessage.isInstance(message) || typeof tool.tool_call_id !== 'string') {
          throw new Error('ChatPolarGrid: a tool message needs a tool_call_id.');
        }
        out[i] = {
          role: 'tool',
          tool_call_id: tool.tool_call_id,
          content: toolResultContent(message.content),
        };
        break;
      }
      default:
        throw new Error(
          `ChatPolarGrid: unsupported message role "${role}" (expected system, human, ai or tool).`,
        );
    }
  }
  return out;
}
