import { isRecord } from '../util/safe-json.js';

/** Where the pieces of a message's content go, in the order they come. */
export interface ContentSink {
  /** Answer text (its `<think>` blocks are the caller's to split). Never called with ''. */
  text(text: string): void;
  /** Reasoning text. Never called with ''. */
  reasoning(text: string): void;
  /** A value or part of a shape the decoder does not know: reported, never dropped silently. */
  unsupported(value: unknown): void;
}

/**
 * Reads a message's or delta's `content` as servers send it:
 * - a string: the answer text;
 * - an array of typed parts, read in order: `{type: "text", text}` is answer text,
 *   `{type: "thinking", thinking}` is reasoning, where `thinking` is a string or an array of
 *   text parts (the shape Mistral's reasoning models stream); plain strings in the array are
 *   answer text;
 * - `null`/absent: nothing.
 *
 * Anything else (a number, an object, a part of another type such as `image_url`) goes to
 * `sink.unsupported`.
 */
export function readContent(content: unknown, sink: ContentSink): void {
  if (typeof content === 'string') {
    if (content !== '') sink.text(content);
  } else if (Array.isArray(content)) {
    for (const part of content) readPart(part, sink);
  } else if (content !== undefined && content !== null) {
    sink.unsupported(content);
  }
}

/**
 * Reads a reasoning field (`reasoning_content`, Groq's `reasoning`): a string, or the same
 * text parts a `thinking` part holds.
 */
export function readReasoning(value: unknown, sink: ContentSink): void {
  if (typeof value === 'string') {
    if (value !== '') sink.reasoning(value);
  } else if (Array.isArray(value)) {
    for (const part of value) {
      const text = typeof part === 'string' ? part : textOfPart(part);
      if (text === undefined) sink.unsupported(part);
      else if (text !== '') sink.reasoning(text);
    }
  } else if (value !== undefined && value !== null) {
    sink.unsupported(value);
  }
}

function readPart(part: unknown, sink: ContentSink): void {
  if (typeof part === 'string') {
    if (part !== '') sink.text(part);
    return;
  }
  const text = textOfPart(part);
  if (text !== undefined) {
    if (text !== '') sink.text(text);
  } else if (isRecord(part) && part.type === 'thinking') {
    readReasoning(part.thinking, sink);
  } else {
    sink.unsupported(part);
  }
}

/** The text of a `{type: "text", text: "…"}` part, else `undefined`. */
function textOfPart(part: unknown): string | undefined {
  return isRecord(part) && part.type === 'text' && typeof part.text === 'string'
    ? part.text
    : undefined;
}
