import type {
  LanguageModelV4StreamPart,
  LanguageModelV4Usage,
  SharedV4Warning,
} from '@ai-sdk/provider';
import {
  AbortError,
  type ChatStreamEvent,
  type ResponseMeta,
  type TokenUsage,
} from '@polargrid/core';
import type { DecodeWarning, ServerTimings } from './core-types.js';
import { toStreamError } from '../polargrid-error.js';
import { convertUsage } from './convert-usage.js';
import { mapFinishReason } from './map-finish-reason.js';
import { buildProviderMetadata, type PolarGridProviderMetadata } from './provider-metadata.js';

type Controller = ReadableStreamDefaultController<LanguageModelV4StreamPart>;

/**
 * The caller's abort: the core's `AbortError`, or the platform's when the body read itself was
 * aborted (a `DOMException`, whose `name` is its standard code).
 */
function isAbort(error: unknown): boolean {
  return (
    error instanceof AbortError ||
    (typeof DOMException !== 'undefined' &&
      error instanceof DOMException &&
      error.name === 'AbortError')
  );
}

/**
 * Turns the core's normalised events into V4 stream parts. It keeps the invariants `ai` relies
 * on: `stream-start` first, one `response-metadata`, unique block ids, the open text or reasoning
 * block closed before a switch and before tool input, and `finish` last.
 */
class EventMapper {
  private blockCount = 0;
  private textId: string | undefined;
  private reasoningId: string | undefined;
  private metadataSent = false;
  private usage: TokenUsage | undefined;
  private timings: ServerTimings | undefined;
  private readonly startedTools = new Set<number>();
  private readonly warnings: DecodeWarning[] = [];
  done = false;

  constructor(
    private readonly meta: ResponseMeta,
    private readonly reportUsage: boolean,
  ) {}

  private usageOf(usage: TokenUsage | undefined): LanguageModelV4Usage {
    return convertUsage(this.reportUsage ? usage : undefined);
  }

  private ensureMetadata(c: Controller): void {
    if (this.metadataSent) return;
    this.metadataSent = true;
    c.enqueue({ type: 'response-metadata' });
  }

  private closeText(c: Controller): void {
    if (this.textId === undefined) return;
    c.enqueue({ type: 'text-end', id: this.textId });
    this.textId = undefined;
  }

  private closeReasoning(c: Controller): void {
    if (this.reasoningId === undefined) return;
    c.enqueue({ type: 'reasoning-end', id: this.reasoningId });
    this.reasoningId = undefined;
  }

  private finish(
    c: Controller,
    finishReason: ReturnType<typeof mapFinishReason>,
    usage: LanguageModelV4Usage,
    interruption?: PolarGridProviderMetadata['interruption'],
  ): void {
    this.closeReasoning(c);
    this.closeText(c);
    c.enqueue({
      type: 'finish',
      finishReason,
      usage,
      providerMetadata: buildProviderMetadata(this.meta, {
        timings: this.timings,
        interruption,
        warnings: this.warnings,
      }),
    });
    this.done = true;
  }

  /** Maps one event; returns whether it produced any part. */
  handle(event: ChatStreamEvent, c: Controller): boolean {
    switch (event.type) {
      case 'text-delta':
        if (this.textId === undefined) {
          this.ensureMetadata(c);
          this.closeReasoning(c);
          this.textId = `text-${this.blockCount++}`;
          c.enqueue({ type: 'text-start', id: this.textId });
        }
        c.enqueue({ type: 'text-delta', id: this.textId, delta: event.text });
        return true;
      case 'reasoning-delta':
        if (this.reasoningId === undefined) {
          this.ensureMetadata(c);
          this.closeText(c);
          this.reasoningId = `reasoning-${this.blockCount++}`;
          c.enqueue({ type: 'reasoning-start', id: this.reasoningId });
        }
        c.enqueue({ type: 'reasoning-delta', id: this.reasoningId, delta: event.text });
        return true;
      case 'metadata': {
        if (this.metadataSent) return false;
        this.metadataSent = true;
        const part: LanguageModelV4StreamPart = { type: 'response-metadata' };
        if (event.id !== undefined) part.id = event.id;
        if (event.model !== undefined) part.modelId = event.model;
        if (event.created !== undefined && event.created > 0) {
          part.timestamp = new Date(event.created * 1000);
        }
        c.enqueue(part);
        return true;
      }
      case 'tool-call-start': {
        this.ensureMetadata(c);
        this.closeReasoning(c);
        this.closeText(c);
        this.startedTools.add(event.index);
        const id = event.id;
        c.enqueue({ type: 'tool-input-start', id, toolName: event.name });
        return true;
      }
      case 'tool-call-delta': {
        const id = event.id;
        c.enqueue({ type: 'tool-input-delta', id, delta: event.argumentsDelta });
        return true;
      }
      case 'tool-call-end': {
        const id = event.id;
        if (!this.startedTools.has(event.index)) {
          this.ensureMetadata(c);
          this.closeReasoning(c);
          this.closeText(c);
          c.enqueue({ type: 'tool-input-start', id, toolName: event.name });
          if (event.arguments !== '') {
            c.enqueue({ type: 'tool-input-delta', id, delta: event.arguments });
          }
        }
        c.enqueue({ type: 'tool-input-end', id });
        c.enqueue({
          type: 'tool-call',
          toolCallId: id,
          toolName: event.name,
          input: event.arguments === '' ? '{}' : event.arguments,
        });
        return true;
      }
      case 'usage':
        this.usage = event.usage;
        return false;
      case 'server-timings':
        this.timings = event.timings;
        return false;
      case 'warning':
        // V4 streams carry call warnings only in `stream-start`, before any of these: they are
        // reported in the finish part's provider metadata.
        this.warnings.push(event);
        return false;
      case 'raw':
        c.enqueue({ type: 'raw', rawValue: event.data });
        return true;
      case 'finish':
        this.ensureMetadata(c);
        if (event.timings !== undefined) this.timings = event.timings;
        this.finish(
          c,
          mapFinishReason(event.reason, event.rawReason),
          this.usageOf(event.usage ?? this.usage),
          event.interruption,
        );
        return true;
      case 'error':
        this.fail(event.error, c);
        return true;
      default:
        // Newer core versions may add events; ignoring them keeps older providers working.
        return false;
    }
  }

  /** A terminal failure: a structured `error` part, then `finish` with reason `error`. */
  fail(error: unknown, c: Controller): void {
    this.ensureMetadata(c);
    this.closeReasoning(c);
    this.closeText(c);
    c.enqueue({ type: 'error', error: toStreamError(error) });
    this.finish(c, { unified: 'error', raw: undefined }, this.usageOf(this.usage));
  }

  /** The source ended without a terminal event (the core always sends one; be safe anyway). */
  end(c: Controller): void {
    if (this.done) return;
    this.ensureMetadata(c);
    this.finish(c, { unified: 'interrupted', raw: undefined }, this.usageOf(this.usage), {
      cause: 'eof',
      message: 'The event stream ended without a finish event.',
    });
  }
}

/**
 * Maps a core event stream to a V4 part stream in one stage. A pull-based `ReadableStream` is
 * used instead of `pipeThrough(TransformStream)` because it can also catch a failing source
 * (turning it into an `error` part) while passing caller aborts through as stream errors, and it
 * costs one read and one switch per event.
 */
export function mapEventStream(
  events: ReadableStream<ChatStreamEvent>,
  meta: ResponseMeta,
  warnings: SharedV4Warning[],
  options: { reportUsage?: boolean } = {},
): ReadableStream<LanguageModelV4StreamPart> {
  const reader = events.getReader();
  const mapper = new EventMapper(meta, options.reportUsage ?? true);
  return new ReadableStream<LanguageModelV4StreamPart>({
    start(c) {
      c.enqueue({ type: 'stream-start', warnings });
    },
    async pull(c) {
      // A pull that enqueues nothing is not repeated by the stream, so keep reading until an
      // event produced a part (usage and timings events produce none on their own).
      for (;;) {
        let result: ReadableStreamReadResult<ChatStreamEvent>;
        try {
          result = await reader.read();
        } catch (error) {
          if (isAbort(error) || mapper.done) {
            c.error(error);
            return;
          }
          mapper.fail(error, c);
          c.close();
          return;
        }
        if (result.done) {
          mapper.end(c);
          c.close();
          return;
        }
        const event = result.value;
        if (event.type === 'error' && isAbort(event.error)) {
          c.error(event.error);
          reader.cancel(event.error).catch(() => {});
          return;
        }
        const emitted = mapper.handle(event, c);
        if (mapper.done) {
          c.close();
          // Release the source: nothing after the terminal event matters.
          reader.cancel().catch(() => {});
          return;
        }
        if (emitted) return;
      }
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
}
