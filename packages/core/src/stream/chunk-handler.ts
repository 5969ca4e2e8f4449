import type { ChatToolCallDelta } from '../types/chat-types.js';
import type { PolarGridError } from '../errors/polargrid-error.js';
import { redactDeep } from '../errors/redact.js';
import { isRecord, parseJSON } from '../util/safe-json.js';
import { type ContentSink, readContent, readReasoning } from './content-parts.js';
import type { ChatDecodeOptions } from './decode-options.js';
import type {
  ChatStreamEvent,
  DecodeWarningCode,
  FinishEvent,
  ServerTimings,
  TokenUsage,
} from './events.js';
import { mapFinishReason } from './finish-reason.js';
import { serverTimingsFrom } from './server-timings.js';
import type { SseHandler, StreamEnd } from './sse-reader.js';
import { endError, interruptionOf } from './stream-end.js';
import { streamErrorFrom } from './stream-error.js';
import { ThinkSplitter } from './think-splitter.js';
import { ToolCallAssembler } from './tool-call-assembler.js';
import { toTokenUsage } from './usage.js';
import { isAnswerChoice, nonEmpty } from './wire.js';

type Payload = Record<string, unknown>;

/** A data payload as JSON (prototype keys removed), or `undefined` when it is not JSON. */
function parsePayload(data: string): unknown {
  try {
    return parseJSON(data);
  } catch {
    return undefined;
  }
}

/** Fields that make a payload a chunk (or the usage chunk), even one that changes nothing. */
function isChunk(payload: Payload): boolean {
  return (
    payload.choices !== undefined ||
    payload.usage !== undefined ||
    payload.id !== undefined ||
    payload.model !== undefined ||
    payload.created !== undefined ||
    payload.object !== undefined
  );
}

/** Whether a chunk says which response it belongs to (what `metadata` reports). */
function hasMetadata(payload: Payload): boolean {
  return payload.id !== undefined || payload.model !== undefined || payload.created !== undefined;
}

/**
 * Turns the data payloads of a chat or text-completion stream into {@link ChatStreamEvent}s,
 * holding the `finish` until the body ends so that it is last and carries the final usage.
 * The rules it applies (what counts after `[DONE]`, which choice is the answer, where `<think>`
 * is reasoning, which content shapes are read, when a warning is emitted) are listed on
 * {@link ChatStreamEvent}.
 *
 * Every payload is parsed with {@link parseJSON}, which removes prototype keys (`__proto__`, …):
 * parsed objects reach callers as `raw` events and SDK chunks, where a merge could pick them up.
 */
export class ChunkHandler implements SseHandler {
  readonly #emit: (event: ChatStreamEvent) => void;
  readonly #options: ChatDecodeOptions | undefined;
  /** A text-completion stream: `choices[].text`, no reasoning, no tools, `<think>` kept. */
  readonly #completion: boolean;
  readonly #splitter: ThinkSplitter;
  readonly #tools: ToolCallAssembler;
  /** Where the content of a chat delta goes (reasoning, text through the splitter, warnings). */
  readonly #content: ContentSink;
  #metadataSent = false;
  /** Usage, timings and warnings that arrived before `metadata` was sent. */
  #heldForMetadata: ChatStreamEvent[] = [];
  #rawReason: string | null = null;
  /** Whether a `delta.refusal` arrived (the finish is then `content-filter`, not `stop`). */
  #refused = false;
  #usage: TokenUsage | undefined;
  #timings: ServerTimings | undefined;
  readonly #warned = new Set<DecodeWarningCode>();
  /** Told once, at the first content event (the edge memory times first tokens with it). */
  #onFirstContent: (() => void) | undefined;

  /** @param completion - a text-completion stream (`choices[].text`, no reasoning or tools) */
  constructor(
    emit: (event: ChatStreamEvent) => void,
    options: ChatDecodeOptions | undefined,
    completion: boolean,
  ) {
    this.#emit = emit;
    this.#options = options;
    this.#onFirstContent = options?.onFirstContent;
    this.#completion = completion;
    this.#splitter = new ThinkSplitter(
      (text) => this.#contentEvent({ type: 'text-delta', text }),
      (text) => this.#contentEvent({ type: 'reasoning-delta', text }),
      { reasoningRequested: options?.reasoningRequested },
    );
    this.#tools = new ToolCallAssembler((event) => this.#contentEvent(event));
    this.#content = {
      text: (text) => this.#splitter.push(text),
      reasoning: (text) => this.#contentEvent({ type: 'reasoning-delta', text }),
      unsupported: (value) =>
        this.#warn(
          'unsupported-content',
          'The edge sent content of a shape the decoder does not know; it was not decoded.',
          value,
        ),
    };
  }

  data(data: string, event: string | undefined): boolean {
    return this.read(parsePayload(data), event, data);
  }

  /**
   * Handles one payload, already parsed (`undefined` when it was not JSON; `data` is then its
   * text). A whole, non-streamed answer comes in here as one chunk (see `whole-answer.ts`), so it
   * is decoded by the same rules as a stream. Returns true once it emitted a terminal event.
   */
  read(payload: unknown, event: string | undefined, data?: string): boolean {
    if (this.#options?.includeRaw === true && isRecord(payload)) {
      this.#emit({ type: 'raw', data: redactDeep(payload) });
    }
    // An `error` field, or a named `error` event (whose payload, JSON or text, is the error).
    const error = isRecord(payload) ? payload.error : undefined;
    const failed = error !== undefined && error !== null && error !== false;
    if (failed || event === 'error') {
      return this.#fail(streamErrorFrom(failed ? error : (payload ?? data), this.#options));
    }
    if (!isRecord(payload)) {
      this.#warnUnrecognized(payload ?? data);
      return false;
    }
    const choices = payload.choices;
    if (choices === undefined || payload.pg_metadata !== undefined || event === 'pg_metadata') {
      const timings = serverTimingsFrom(payload, event);
      if (timings !== undefined) {
        this.#setTimings(timings);
        if (choices === undefined) return false;
      }
    }
    if (!isChunk(payload)) {
      this.#warnUnrecognized(payload);
      return false;
    }
    if (!this.#metadataSent && hasMetadata(payload)) this.#sendMetadata(payload);
    if (Array.isArray(choices)) this.#readChoices(choices);
    if (isRecord(payload.usage)) {
      this.#usage = toTokenUsage(payload.usage);
      if (this.#usage !== undefined) this.#afterMetadata({ type: 'usage', usage: this.#usage });
    }
    return false;
  }

  /** After `[DONE]` only server timings count: anything else is reported, not decoded. */
  afterDone(data: string, event: string | undefined): void {
    const payload = parsePayload(data);
    const timingsOnly =
      isRecord(payload) &&
      event !== 'error' &&
      payload.choices === undefined &&
      payload.error === undefined;
    const timings = timingsOnly ? serverTimingsFrom(payload, event) : undefined;
    if (timings !== undefined) {
      if (this.#options?.includeRaw === true)
        this.#emit({ type: 'raw', data: redactDeep(payload) });
      this.#setTimings(timings);
      return;
    }
    this.#warn(
      'data-after-done',
      'The edge sent an event after [DONE]; it was not decoded (after [DONE] only pg_metadata timings are read).',
      payload ?? data,
    );
  }

  end(how: StreamEnd): void {
    this.#close();
    if (this.#rawReason !== null || how.kind === 'done') {
      const reason = mapFinishReason(this.#rawReason, this.#tools.hasCalls);
      this.#finish(this.#refused && reason === 'stop' ? 'content-filter' : reason);
    } else if (how.kind === 'stall' || how.kind === 'oversized') {
      this.#emit({ type: 'error', error: endError(how, this.#options) });
    } else {
      this.#finish('interrupted', interruptionOf(how, 'a finish reason or [DONE]'));
    }
  }

  #readChoices(choices: unknown[]): void {
    let answered = false;
    for (const choice of choices) {
      if (!isRecord(choice)) continue;
      if (!answered && isAnswerChoice(choice)) {
        answered = true;
        this.#readChoice(choice);
      } else {
        this.#warn(
          'ignored-choice',
          `The edge sent a choice with index ${JSON.stringify(choice.index)}; only choice 0 is the answer, so it was ignored.`,
          choice,
        );
      }
    }
  }

  #readChoice(choice: Payload): void {
    if (this.#completion) {
      const text = choice.text;
      if (typeof text === 'string') {
        if (text !== '') this.#contentEvent({ type: 'text-delta', text });
      } else if (text !== undefined && text !== null) {
        this.#content.unsupported(text);
      }
    } else if (isRecord(choice.delta)) {
      const delta = choice.delta;
      readReasoning(delta.reasoning_content ?? delta.reasoning, this.#content);
      readContent(delta.content, this.#content);
      // OpenAI-style refusals arrive in their own field: the text is the answer the user sees.
      const refusal = nonEmpty(delta.refusal);
      if (refusal !== undefined) {
        this.#refused = true;
        this.#splitter.push(refusal);
      }
      const calls = delta.tool_calls;
      if (Array.isArray(calls)) {
        for (const call of calls) this.#tools.push(call as ChatToolCallDelta);
      } else if (calls !== undefined && calls !== null) {
        this.#content.unsupported(calls);
      }
    }
    this.#rawReason = nonEmpty(choice.finish_reason) ?? this.#rawReason;
  }

  #sendMetadata(chunk: Payload | undefined): void {
    this.#metadataSent = true;
    this.#emit({
      type: 'metadata',
      id: typeof chunk?.id === 'string' ? chunk.id : undefined,
      model: typeof chunk?.model === 'string' ? chunk.model : undefined,
      created: typeof chunk?.created === 'number' ? chunk.created : undefined,
    });
    for (const event of this.#heldForMetadata) this.#emit(event);
    this.#heldForMetadata = [];
  }

  /** Emits a content event, after `metadata`. */
  #contentEvent(event: ChatStreamEvent): void {
    if (!this.#metadataSent) this.#sendMetadata(undefined);
    if (this.#onFirstContent !== undefined) {
      this.#onFirstContent();
      this.#onFirstContent = undefined;
    }
    this.#emit(event);
  }

  /** Emits usage, timings or a warning once `metadata` was sent (held until then). */
  #afterMetadata(event: ChatStreamEvent): void {
    if (this.#metadataSent) this.#emit(event);
    else this.#heldForMetadata.push(event);
  }

  #setTimings(timings: ServerTimings): void {
    this.#timings = timings;
    this.#afterMetadata({ type: 'server-timings', timings });
  }

  /** Reports something not decoded, once per code (a misbehaving edge cannot flood the consumer). */
  #warn(code: DecodeWarningCode, message: string, data: unknown): void {
    if (this.#warned.has(code)) return;
    this.#warned.add(code);
    // The edge's own payload: a key it echoes is redacted like everywhere else.
    this.#afterMetadata({ type: 'warning', code, message, data: redactDeep(data) });
  }

  #warnUnrecognized(data: unknown): void {
    this.#warn(
      'unrecognized-event',
      'The edge sent a stream event that is not a chunk, usage, timings or an error; it was ignored.',
      data,
    );
  }

  /** Releases held-back text, ends open tool calls and flushes held usage, timings and warnings. */
  #close(): void {
    this.#splitter.flush();
    this.#tools.end();
    if (this.#heldForMetadata.length !== 0) this.#sendMetadata(undefined);
  }

  #fail(error: PolarGridError): true {
    this.#close();
    this.#emit({ type: 'error', error });
    return true;
  }

  #finish(reason: FinishEvent['reason'], interruption?: FinishEvent['interruption']): void {
    const event: FinishEvent = {
      type: 'finish',
      reason,
      rawReason: this.#rawReason,
      usage: this.#usage,
      timings: this.#timings,
    };
    if (interruption !== undefined) event.interruption = interruption;
    this.#emit(event);
  }
}
