import { TimeoutError } from '../errors/error-classes.js';
import type { PolarGridError } from '../errors/polargrid-error.js';
import type { DecodeOptions } from './decode-options.js';
import type { ChatStreamEvent, ServerTimings, TokenUsage } from './events.js';
import { mapFinishReason } from './finish-reason.js';
import { serverTimingsFrom } from './server-timings.js';
import type { SseHandler, StreamEnd } from './sse-reader.js';
import { streamErrorFrom } from './stream-error.js';
import { ThinkSplitter } from './think-splitter.js';
import { ToolCallAssembler, type WireToolCallDelta } from './tool-call-assembler.js';
import { toTokenUsage } from './usage.js';
import { isRecord, parseJSON } from '../util/safe-json.js';

type Obj = Record<string, unknown>;

/** How many parsed chunks may be looked at for a fast-path head before giving up. */
const LEARN_TRIES = 16;
/** Where a plain content chunk's text usually starts (tried before any other position). */
const MARK = '"content":"';
/** Characters whose presence means a JSON string is not its own text. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: raw control characters must be escaped in JSON strings, so their presence sends a chunk to JSON.parse.
const ESCAPED = /["\\\u0000-\u001f]/;

/** The choice a chunk carries for index 0 (a missing index counts as 0; `n > 1` is not used). */
function firstChoice(choices: unknown[]): Obj | undefined {
  for (const choice of choices) {
    if (isRecord(choice) && (choice.index === undefined || choice.index === 0)) return choice;
  }
  return undefined;
}

/**
 * Turns the data payloads of a chat or text-completion stream into {@link ChatStreamEvent}s,
 * holding the `finish` until the body ends so that it is last and carries the final usage.
 *
 * Payloads go through {@link parseJSON}, which drops prototype keys (`__proto__`, …): parsed
 * objects reach callers as `raw` events and SDK chunks, where a merge could otherwise pick them
 * up. It costs a regex test per payload and a reviver only when such a key could be present;
 * plain content chunks skip parsing altogether (the fast path).
 */
export class ChunkHandler implements SseHandler {
  #metaSent = false;
  #pending: ChatStreamEvent[] | undefined;
  #rawReason: string | null = null;
  /** Whether a `delta.refusal` arrived (the finish is then `content-filter`, not `stop`). */
  #refused = false;
  #usage: TokenUsage | undefined;
  #timings: ServerTimings | undefined;
  readonly #splitter: ThinkSplitter | undefined;
  readonly #tools: ToolCallAssembler | undefined;
  readonly #raw: boolean;
  /**
   * The fast path's template, from a chunk that was plain content (see `#learn`): its text up to
   * the opening quote of `delta.content` (`#head`) and from the closing quote on (`#tail`). A
   * chunk that starts with `#head`, ends with `#tail` and has no JSON escape in between parses to
   * that chunk with another `delta.content`, so its text is taken without `JSON.parse`.
   */
  #head: string | undefined;
  #tail = '';
  /** Chunks left in which to look for a `#head` (none in completion or raw mode). */
  #tries: number;

  readonly #emit: (event: ChatStreamEvent) => void;
  readonly #options: DecodeOptions | undefined;
  readonly #completion: boolean;

  constructor(
    emit: (event: ChatStreamEvent) => void,
    options: DecodeOptions | undefined,
    completion: boolean,
  ) {
    this.#emit = emit;
    this.#options = options;
    this.#completion = completion;
    this.#raw = options?.includeRaw === true;
    this.#tries = completion || this.#raw ? 0 : LEARN_TRIES;
    if (!completion) {
      this.#splitter = new ThinkSplitter(
        (text) => this.#content({ type: 'text-delta', text }),
        (text) => this.#content({ type: 'reasoning-delta', text }),
      );
      this.#tools = new ToolCallAssembler((event) => this.#content(event));
    }
  }

  data(data: string, event: string | undefined): boolean {
    // Fast path (chat): most chunks differ from the previous one only in the delta's text.
    if (this.#head !== undefined && event === undefined && this.#plain(data)) return false;
    return this.#parse(data, event);
  }

  /** Handles `data` as plain content if it is the template's chunk with another text. */
  #plain(data: string): boolean {
    const head = this.#head as string;
    const tail = this.#tail;
    const end = data.length - tail.length;
    if (end < head.length || !data.startsWith(head) || !data.endsWith(tail)) return false;
    const text = data.slice(head.length, end);
    if (ESCAPED.test(text)) return false;
    (this.#splitter as ThinkSplitter).push(text);
    return true;
  }

  #parse(data: string, event: string | undefined): boolean {
    const first = data.charCodeAt(0);
    // Anything but a JSON object (comments, keep-alives, stray text) is skipped unparsed.
    if (first !== 123 && first !== 32 && first !== 9) {
      if (event === 'error' && data !== '') return this.#fail(streamErrorFrom(data, this.#options));
      return false;
    }
    let parsed: unknown;
    try {
      parsed = parseJSON(data);
    } catch {
      return false;
    }
    if (!isRecord(parsed)) return false;
    if (this.#raw) this.#emit({ type: 'raw', data: parsed });
    const error = parsed.error;
    if (error !== undefined && error !== null && error !== false) {
      return this.#fail(streamErrorFrom(error, this.#options));
    }
    if (event === 'error') return this.#fail(streamErrorFrom(parsed, this.#options));
    const choices = parsed.choices;
    if (choices === undefined || parsed.pg_metadata !== undefined || event === 'pg_metadata') {
      const timings = serverTimingsFrom(parsed, event);
      if (timings !== undefined) {
        this.#timings = timings;
        this.#afterMeta({ type: 'server-timings', timings });
        if (choices === undefined) return false;
      }
    }
    if (
      !this.#metaSent &&
      (parsed.id !== undefined || parsed.model !== undefined || parsed.created !== undefined)
    ) {
      this.#sendMeta(parsed);
    }
    if (Array.isArray(choices) && choices.length !== 0) {
      const choice =
        choices.length === 1 && isRecord(choices[0]) ? choices[0] : firstChoice(choices);
      if (choice !== undefined) this.#choice(choice);
    }
    if (isRecord(parsed.usage)) {
      const usage = toTokenUsage(parsed.usage) as TokenUsage;
      this.#usage = usage;
      this.#afterMeta({ type: 'usage', usage });
    } else if (this.#head === undefined && this.#tries !== 0) {
      // Learning costs; a stream whose first chunks never qualify (every text escaped, or a
      // different head per chunk) stops trying, and then costs what it did without a fast path.
      this.#tries--;
      if (event === undefined && parsed.pg_metadata === undefined) this.#learn(data, choices);
    }
    return false;
  }

  /**
   * Makes `data` the fast path's template if this chunk's only effect was its text: one choice
   * whose delta has no key but a non-empty `content` needing no JSON escape, no finish reason,
   * and (checked by the caller) no usage, error, metadata or event name.
   *
   * Why a templated chunk is exact: its head and tail are this chunk's bytes, and a text with no
   * `"`, `\` or control character is a complete JSON string, so the chunk tokenises like this
   * one with one string value changed, and has the same (absent) effects apart from the text.
   * Which string value: the text's position is confirmed by parsing this chunk with another
   * text there and finding it in `choices[0].delta.content` (so a `model` or `id` equal to the
   * text cannot be mistaken for it).
   */
  #learn(data: string, choices: unknown): void {
    if (!Array.isArray(choices) || choices.length !== 1) return;
    const choice = choices[0];
    if (!isRecord(choice) || !isRecord(choice.delta)) return;
    const reason = choice.finish_reason;
    if (typeof reason === 'string' && reason !== '') return;
    const delta = choice.delta;
    for (const key in delta) if (key !== 'content') return;
    const text = delta.content;
    if (typeof text !== 'string' || text === '' || ESCAPED.test(text)) return;
    const quoted = `"${text}"`;
    let at = data.lastIndexOf(MARK + text + '"');
    at = at === -1 ? data.lastIndexOf(quoted) : at + MARK.length - 1;
    if (at === -1) return;
    const head = data.slice(0, at + 1);
    const tail = data.slice(at + 1 + text.length);
    const other = `${text}_`;
    let probe: unknown;
    try {
      probe = JSON.parse(head + other + tail);
    } catch {
      return;
    }
    const probed = isRecord(probe) && Array.isArray(probe.choices) ? probe.choices[0] : undefined;
    if (!isRecord(probed) || !isRecord(probed.delta) || probed.delta.content !== other) return;
    this.#head = head;
    this.#tail = tail;
  }

  end(how: StreamEnd): void {
    this.#close();
    if (this.#rawReason !== null || how.kind === 'done') {
      const reason = mapFinishReason(this.#rawReason, this.#tools?.hasCalls === true);
      this.#finish(this.#refused && reason === 'stop' ? 'content-filter' : reason, undefined);
    } else if (how.kind === 'stall') {
      this.#emit({
        type: 'error',
        error: new TimeoutError({
          message: `The stream stalled: no bytes for ${how.idleMs} ms.`,
          code: 'stream_stalled',
          region: this.#options?.region,
          requestId: this.#options?.requestId,
          headers: this.#options?.headers,
        }),
      });
    } else if (how.kind === 'eof') {
      this.#finish('interrupted', {
        cause: 'eof',
        message: 'The stream ended without a finish reason or [DONE].',
      });
    } else {
      this.#finish('interrupted', { cause: 'network', message: how.message });
    }
  }

  #choice(choice: Obj): void {
    if (this.#completion) {
      const text = choice.text;
      if (typeof text === 'string' && text !== '') this.#content({ type: 'text-delta', text });
    } else {
      const delta = choice.delta;
      if (isRecord(delta)) {
        const reasoning = delta.reasoning_content ?? delta.reasoning;
        if (typeof reasoning === 'string' && reasoning !== '') {
          this.#content({ type: 'reasoning-delta', text: reasoning });
        }
        const content = delta.content;
        if (typeof content === 'string') (this.#splitter as ThinkSplitter).push(content);
        // OpenAI-style refusals arrive in their own field: the text is the answer the user sees.
        const refusal = delta.refusal;
        if (typeof refusal === 'string' && refusal !== '') {
          this.#refused = true;
          (this.#splitter as ThinkSplitter).push(refusal);
        }
        const calls = delta.tool_calls;
        if (Array.isArray(calls)) {
          const tools = this.#tools as ToolCallAssembler;
          for (const call of calls) tools.push(call as WireToolCallDelta);
        }
      }
    }
    const reason = choice.finish_reason;
    if (typeof reason === 'string' && reason !== '') this.#rawReason = reason;
  }

  #content(event: ChatStreamEvent): void {
    if (!this.#metaSent) this.#sendMeta(undefined);
    this.#emit(event);
  }

  #afterMeta(event: ChatStreamEvent): void {
    if (this.#metaSent) this.#emit(event);
    else if (this.#pending === undefined) this.#pending = [event];
    else this.#pending.push(event);
  }

  #sendMeta(chunk: Obj | undefined): void {
    this.#metaSent = true;
    this.#emit({
      type: 'metadata',
      id: typeof chunk?.id === 'string' ? chunk.id : undefined,
      model: typeof chunk?.model === 'string' ? chunk.model : undefined,
      created: typeof chunk?.created === 'number' ? chunk.created : undefined,
    });
    const pending = this.#pending;
    this.#pending = undefined;
    if (pending !== undefined) for (const event of pending) this.#emit(event);
  }

  /** Releases held-back text, ends open tool calls and flushes held usage/timings. */
  #close(): void {
    this.#splitter?.flush();
    this.#tools?.end();
    if (this.#pending !== undefined) this.#sendMeta(undefined);
  }

  #fail(error: PolarGridError): true {
    this.#close();
    this.#emit({ type: 'error', error });
    return true;
  }

  #finish(
    reason: ReturnType<typeof mapFinishReason>,
    interruption: { cause: 'eof' | 'network'; message: string } | undefined,
  ): void {
    this.#emit({
      type: 'finish',
      reason,
      rawReason: this.#rawReason,
      usage: this.#usage,
      timings: this.#timings,
      ...(interruption === undefined ? {} : { interruption }),
    });
  }
}
