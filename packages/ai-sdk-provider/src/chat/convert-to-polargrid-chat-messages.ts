import {
  type LanguageModelV4FilePart,
  type LanguageModelV4Prompt,
  type LanguageModelV4ToolResultOutput,
  type SharedV4Warning,
  UnsupportedFunctionalityError,
} from '@ai-sdk/provider';
import { convertBase64ToUint8Array, convertToBase64 } from '@ai-sdk/provider-utils';
import type { ChatMessage } from '@polargrid/core';
import type { ChatContentPart, ChatToolCall } from '../shared/core-types.js';
import type { PolarGridReasoningEcho } from './polargrid-chat-options.js';

export interface ConvertMessagesOptions {
  /** Whether the model accepts `image_url` parts (capability data, or true when unknown). */
  allowImages: boolean;
  reasoningEcho: PolarGridReasoningEcho;
}

const decoder = new TextDecoder();

function isTextMediaType(mediaType: string): boolean {
  return (
    mediaType.startsWith('text/') ||
    mediaType === 'application/json' ||
    mediaType === 'application/xml' ||
    mediaType === 'application/x-ndjson'
  );
}

/** The text of a text-like file part (text files are inlined, PolarGrid has no file inputs). */
function fileText(part: LanguageModelV4FilePart, where: string): string {
  const data = part.data;
  switch (data.type) {
    case 'text':
      return data.text;
    case 'data':
      return decoder.decode(
        typeof data.data === 'string' ? convertBase64ToUint8Array(data.data) : data.data,
      );
    default:
      throw new UnsupportedFunctionalityError({
        functionality: `${where} file part of type ${data.type} (${part.mediaType})`,
        message: `PolarGrid cannot fetch ${data.type === 'url' ? 'URLs' : 'file references'} for text files; pass the contents.`,
      });
  }
}

function inlineTextFile(part: LanguageModelV4FilePart, where: string): string {
  const text = fileText(part, where);
  return part.filename ? `<file name="${part.filename}">\n${text}\n</file>` : text;
}

function imagePart(
  part: LanguageModelV4FilePart,
  allowImages: boolean,
  modelHint: string,
): ChatContentPart {
  if (!allowImages) {
    throw new UnsupportedFunctionalityError({
      functionality: 'image inputs',
      message: `Image inputs are not supported by ${modelHint} (its capability data lists no vision support).`,
    });
  }
  const data = part.data;
  const mediaType =
    part.mediaType === 'image/*' || part.mediaType === 'image' ? 'image/jpeg' : part.mediaType;
  switch (data.type) {
    case 'url':
      return { type: 'image_url', image_url: { url: data.url.toString() } };
    case 'data':
      return {
        type: 'image_url',
        image_url: { url: `data:${mediaType};base64,${convertToBase64(data.data)}` },
      };
    default:
      throw new UnsupportedFunctionalityError({
        functionality: `image file part of type ${data.type}`,
      });
  }
}

function toolOutputText(
  output: LanguageModelV4ToolResultOutput,
  warnings: SharedV4Warning[],
): string {
  switch (output.type) {
    case 'text':
    case 'error-text':
      return output.value;
    case 'json':
    case 'error-json':
      return JSON.stringify(output.value);
    case 'execution-denied':
      return output.reason ?? 'Tool execution denied.';
    case 'content': {
      const texts: string[] = [];
      for (const item of output.value) {
        if (item.type === 'text') texts.push(item.text);
        else if (item.type === 'file' && isTextMediaType(item.mediaType)) {
          texts.push(
            inlineTextFile(
              { type: 'file', data: item.data, mediaType: item.mediaType, filename: item.filename },
              'tool result',
            ),
          );
        } else if (item.type === 'file') {
          throw new UnsupportedFunctionalityError({
            functionality: `tool result file content (${item.mediaType})`,
            message: `PolarGrid tool messages carry text only; a ${item.mediaType} file cannot be sent.`,
          });
        } else {
          warnings.push({
            type: 'unsupported',
            feature: `tool result content part "${item.type}"`,
            details: 'Not sent to PolarGrid.',
          });
        }
      }
      return texts.join('\n');
    }
    default: {
      const unknown = output as { type: string };
      throw new UnsupportedFunctionalityError({
        functionality: `tool result output type ${unknown.type}`,
      });
    }
  }
}

/**
 * Converts an AI SDK prompt to PolarGrid chat messages. Nothing is dropped silently: parts that
 * cannot be sent either throw `UnsupportedFunctionalityError` (inputs the model would need) or
 * add an `unsupported` warning (bookkeeping parts with no wire form).
 */
export function convertToPolarGridChatMessages(
  prompt: LanguageModelV4Prompt,
  options: ConvertMessagesOptions,
  modelId: string,
): { messages: ChatMessage[]; warnings: SharedV4Warning[] } {
  const messages: ChatMessage[] = [];
  const warnings: SharedV4Warning[] = [];

  for (const message of prompt) {
    switch (message.role) {
      case 'system':
        messages.push({ role: 'system', content: message.content });
        break;

      case 'user': {
        const parts: ChatContentPart[] = [];
        let hasImage = false;
        for (const part of message.content) {
          if (part.type === 'text') {
            parts.push({ type: 'text', text: part.text });
          } else if (part.type === 'file') {
            if (part.mediaType.startsWith('image')) {
              parts.push(imagePart(part, options.allowImages, modelId));
              hasImage = true;
            } else if (isTextMediaType(part.mediaType)) {
              parts.push({ type: 'text', text: inlineTextFile(part, 'user') });
            } else {
              throw new UnsupportedFunctionalityError({
                functionality: `file part with media type ${part.mediaType}`,
                message: `PolarGrid chat accepts text${options.allowImages ? ' and images' : ''}; ${part.mediaType} files cannot be sent.`,
              });
            }
          }
        }
        // PolarGrid documents string content; use the array form only when images need it.
        messages.push({
          role: 'user',
          content: hasImage
            ? parts
            : parts.map((p) => (p.type === 'text' ? p.text : '')).join('\n\n'),
        });
        break;
      }

      case 'assistant': {
        let text = '';
        let reasoning = '';
        const toolCalls: ChatToolCall[] = [];
        for (const part of message.content) {
          switch (part.type) {
            case 'text':
              text += part.text;
              break;
            case 'reasoning':
              reasoning += part.text;
              break;
            case 'tool-call':
              if (part.providerExecuted) {
                warnings.push({
                  type: 'unsupported',
                  feature: 'provider-executed tool call in history',
                  details: `Tool call ${part.toolCallId} was not sent.`,
                });
                break;
              }
              toolCalls.push({
                id: part.toolCallId,
                type: 'function',
                function: {
                  name: part.toolName,
                  arguments:
                    typeof part.input === 'string' ? part.input : JSON.stringify(part.input ?? {}),
                },
              });
              break;
            default:
              warnings.push({
                type: 'unsupported',
                feature: `assistant message part "${part.type}"`,
                details:
                  'PolarGrid assistant messages carry text and tool calls only; this part was not sent.',
              });
          }
        }
        let content = text;
        if (reasoning !== '' && options.reasoningEcho === 'think-tags') {
          content = `<think>${reasoning}</think>${text}`;
        }
        const out: Extract<ChatMessage, { role: 'assistant' }> = {
          role: 'assistant',
          content: content === '' && toolCalls.length > 0 ? null : content,
        };
        if (toolCalls.length > 0) out.tool_calls = toolCalls;
        if (
          options.reasoningEcho === 'reasoning-content-always' ||
          (reasoning !== '' && options.reasoningEcho === 'reasoning-content')
        ) {
          out.reasoning_content = reasoning;
        }
        messages.push(out);
        break;
      }

      case 'tool':
        for (const part of message.content) {
          // Approval responses are resolved by `ai` before the call; they have no wire form.
          if (part.type !== 'tool-result') continue;
          messages.push({
            role: 'tool',
            tool_call_id: part.toolCallId,
            content: toolOutputText(part.output, warnings),
          });
        }
        break;

      default: {
        const unknown = message as { role: string };
        throw new UnsupportedFunctionalityError({ functionality: `message role ${unknown.role}` });
      }
    }
  }
  return { messages, warnings };
}
