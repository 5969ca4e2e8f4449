import { TimeoutError } from '../errors/error-classes.js';
import type { PolarGridError } from '../errors/polargrid-error.js';
import { errorContext, type DecodeOptions } from './decode-options.js';
import type { ChatStreamEvent, FinishEvent, ServerTimings, TokenUsage } from './events.js';
import { mapFinishReason } from './finish-reason.js';
import { serverTimingsFrom } from './server-timings.js';
import type { SseHandler, StreamEnd } from './sse-reader.js';
import { streamErrorFrom } from './stream-error.js';
import { createThinkSplitter } from './think-splitter.js';
import { createToolCallAssembler, type WireToolCallDelta } from './tool-call-assembler.js';
import { toTokenUsage } from './usage.js';
import { nonEmpty } from './wire.js';
import { isRecord, parseJSON, tryParseJSON } from '../util/safe-json.js';

type Obj = Record<string, unknown>;
/** The chunk parsed with another text in place, as `learn` reads it. */
type Probe = { choices?: Array<{ delta?: { content?: unknown } } | undefined> } | null;

/** How many parsed chunks may be looked at for a fast-path head before giving up. */
const LEARN_TRIES = 16;
/** Characters whose presence means a JSON string is not its own text. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: raw control characters must be escaped in JSON strings, so their presence sends a chunk to JSON.parse.
const ESCAPED = /["\\\u0000-\u001f]/;

/**
 * The text of a JSON string body (what lies between its quotes), or `undefined` when `body` is
 * not one: it holds an unescaped `"`, a raw control character or a bad or trailing escape.
 * Plain `JSON.parse`: a string has no keys to scrub, and this runs per escaped chunk.
 */
function stringOf(body: string): string | undefined {
  try {
    return JSON.parse(`"${body}"`) as string;
  } catch {
    return undefined;
  }
}

/**
 * The choice a chunk carries for index 0: a lone choice whatever its index, else the first with
 * index 0 or none (`n > 1` is not used).
 */
function firstChoice(choices: unknown[]): Obj | undefined {
  for (const choice of choices) {
    if (
      isRecord(choice) &&
      (choices.length === 1 || choice.index === undefined || choice.index === 0)
    ) {
      return choice;
    }
  }
}

/**
 * Turns the data payloads of a chat or text-completion stream into {@link ChatStreamEvent}s,
 * holding the `finish` until the body ends so that it is last and carries the final usage.
 *
 * Payloads go through {@link parseJSON}, which drops prototype keys (`__proto__`, …): parsed
 * objects reach callers as `raw` events and SDK chunks, where a merge could otherwise pick them
 * up. It costs a regex test per payload and a walk only when such a key could be present;
 * plain content chunks skip parsing altogether (the fast path, see `learn`).
 *
 * @param completion - a text-completion stream (`choices[].text`, no reasoning or tools)
 */
export function createChunkHandler(
  emit: (event: ChatStreamEvent) => void,
  options: DecodeOptions | undefined,
  completion: boolean,
): SseHandler {
  let metaSent = false;
  /** Usage and timings that arrived before `metadata` was sent. */
  let pending: ChatStreamEvent[] = [];
  let rawReason: string | null = null;
  /** Whether a `delta.refusal` arrived (the finish is then `content-filter`, not `stop`). */
  let refused = false;
  let usage: TokenUsage | undefined;
  let timings: ServerTimings | undefined;
  const raw = options?.includeRaw === true;
  /**
   * The fast path's template, from a chunk that was plain content (see `learn`): its text up to
   * the opening quote of `delta.content` (`head`) and from the closing quote on (`tail`). A
   * chunk that starts with `head`, ends with `tail` and has a JSON string body in between
   * parses to that chunk with another `delta.content` (the string ends exactly where `tail`
   * begins), so its text is taken without parsing the chunk: as is when it needs no unescaping,
   * else by parsing just that string (a fraction of the chunk's cost).
   */
  let head: string | undefined;
  let tail = '';
  /** Chunks left in which to look for a `head` (none in completion or raw mode). */
  let tries = completion || raw ? 0 : LEARN_TRIES;

  const sendMeta = (chunk: Obj | undefined): void => {
    metaSent = true;
    emit({
      type: 'metadata',
      id: typeof chunk?.id === 'string' ? chunk.id : undefined,
      model: typeof chunk?.model === 'string' ? chunk.model : undefined,
      created: typeof chunk?.created === 'number' ? chunk.created : undefined,
    });
    for (const event of pending) emit(event);
    pending = [];
  };
  /** Emits a content event, after `metadata`. */
  let firstContent = options?.onFirstContent;
  const content = (event: ChatStreamEvent): void => {
    if (!metaSent) sendMeta(undefined);
    if (firstContent !== undefined) {
      firstContent();
      firstContent = undefined;
    }
    emit(event);
  };
  /** Emits usage or timings once `metadata` was sent (held until then). */
  const afterMeta = (event: ChatStreamEvent): void => {
    if (metaSent) emit(event);
    else pending.push(event);
  };
  const text = (text: string): void => content({ type: 'text-delta', text });
  const reasoning = (text: string): void => content({ type: 'reasoning-delta', text });
  // Completion streams never feed these (no reasoning, no tools: `<think>` stays in the text).
  const splitter = createThinkSplitter(text, reasoning);
  const tools = createToolCallAssembler(content);

  /** Releases held-back text, ends open tool calls and flushes held usage/timings. */
  const close = (): void => {
    splitter.flush();
    tools.end();
    if (pending.length !== 0) sendMeta(undefined);
  };
  const fail = (error: PolarGridError): true => {
    close();
    emit({ type: 'error', error });
    return true;
  };
  const finish = (
    reason: FinishEvent['reason'],
    interruption?: FinishEvent['interruption'],
  ): void => {
    const event: FinishEvent = { type: 'finish', reason, rawReason, usage, timings };
    if (interruption !== undefined) event.interruption = interruption;
    emit(event);
  };

  const choice = (choice: Obj): void => {
    if (completion) {
      const delta = nonEmpty(choice.text);
      if (delta !== undefined) text(delta);
    } else if (isRecord(choice.delta)) {
      const delta = choice.delta;
      const thought = nonEmpty(delta.reasoning_content ?? delta.reasoning);
      if (thought !== undefined) reasoning(thought);
      if (typeof delta.content === 'string') splitter.push(delta.content);
      // OpenAI-style refusals arrive in their own field: the text is the answer the user sees.
      const refusal = nonEmpty(delta.refusal);
      if (refusal !== undefined) {
        refused = true;
        splitter.push(refusal);
      }
      const calls = delta.tool_calls;
      if (Array.isArray(calls)) for (const call of calls) tools.push(call as WireToolCallDelta);
    }
    rawReason = nonEmpty(choice.finish_reason) ?? rawReason;
  };

  /**
   * Makes `data` the fast path's template if this chunk's only effect was its text: its one
   * `choice` has no finish reason and a delta with no key but a non-empty `content`, and
   * (checked by the caller) it has no usage, error, metadata or event name.
   *
   * Where the text is: at the last place the chunk holds it as `JSON.stringify` writes it
   * (`delta.content` in the usual layouts; a server that escapes differently, e.g. `\u00e9` for
   * `é`, gets no template). It is confirmed by parsing this chunk with `_` inserted before that
   * string's closing quote and finding the text plus `_` in `choices[0].delta.content`: an
   * unescaped `"` can only close a string, so that is where `delta.content` ends, and a
   * string that decodes to the text and ends there starts where the match starts. A later
   * chunk with this head and tail and a JSON string body between them then tokenises like this
   * one with another `delta.content`, and has the same (absent) effects apart from the text.
   */
  const learn = (data: string, choice: Obj): void => {
    const delta = choice.delta;
    if (!isRecord(delta) || nonEmpty(choice.finish_reason)) return;
    for (const key in delta) if (key !== 'content') return;
    const text = nonEmpty(delta.content);
    if (text === undefined) return;
    const quoted = JSON.stringify(text);
    const at = data.lastIndexOf(quoted);
    if (at === -1) return;
    /** Where the string's closing quote is. */
    const end = at + quoted.length - 1;
    const after = data.slice(end);
    const probe = tryParseJSON(`${data.slice(0, end)}_${after}`);
    // Inserting `_` either breaks the JSON or lands inside a string, so the probe has this
    // chunk's structure and can be read without checking each level's type.
    if ((probe as Probe)?.choices?.[0]?.delta?.content !== `${text}_`) return;
    head = data.slice(0, at + 1);
    tail = after;
  };

  const parse = (data: string, event: string | undefined): boolean => {
    const first = data.charCodeAt(0);
    // Anything but a JSON object (comments, keep-alives, stray text) is skipped unparsed.
    if (first !== 123 && first !== 32 && first !== 9) {
      return event === 'error' && data !== '' && fail(streamErrorFrom(data, options));
    }
    let parsed: unknown;
    try {
      parsed = parseJSON(data);
    } catch {
      return false;
    }
    if (!isRecord(parsed)) return false;
    if (raw) emit({ type: 'raw', data: parsed });
    // An `error` field, or a named `error` event (whose payload is then the error).
    const error = parsed.error;
    const failed = error !== undefined && error !== null && error !== false;
    if (failed || event === 'error') return fail(streamErrorFrom(failed ? error : parsed, options));
    const choices = parsed.choices;
    if (choices === undefined || parsed.pg_metadata !== undefined || event === 'pg_metadata') {
      const found = serverTimingsFrom(parsed, event);
      if (found !== undefined) {
        timings = found;
        afterMeta({ type: 'server-timings', timings });
        if (choices === undefined) return false;
      }
    }
    if (
      !metaSent &&
      (parsed.id !== undefined || parsed.model !== undefined || parsed.created !== undefined)
    ) {
      sendMeta(parsed);
    }
    const found = Array.isArray(choices) ? firstChoice(choices) : undefined;
    if (found !== undefined) choice(found);
    if (isRecord(parsed.usage)) {
      usage = toTokenUsage(parsed.usage) as TokenUsage;
      afterMeta({ type: 'usage', usage });
    } else if (head === undefined && tries !== 0) {
      // Learning costs; a stream whose first chunks never qualify (every text escaped, or a
      // different head per chunk) stops trying, and then costs what it did without a fast path.
      tries--;
      if (
        found !== undefined &&
        (choices as unknown[]).length === 1 &&
        event === undefined &&
        parsed.pg_metadata === undefined
      ) {
        learn(data, found);
      }
    }
    return false;
  };

  return {
    data(data, event) {
      // Fast path (chat): most chunks differ from the previous one only in the delta's text.
      if (head !== undefined && event === undefined) {
        const end = data.length - tail.length;
        if (end >= head.length && data.startsWith(head) && data.endsWith(tail)) {
          const body = data.slice(head.length, end);
          const text = ESCAPED.test(body) ? stringOf(body) : body;
          if (text !== undefined) {
            splitter.push(text);
            return false;
          }
        }
      }
      return parse(data, event);
    },
    end(how: StreamEnd) {
      close();
      if (rawReason !== null || how.kind === 'done') {
        const reason = mapFinishReason(rawReason, tools.hasCalls());
        finish(refused && reason === 'stop' ? 'content-filter' : reason);
      } else if (how.kind === 'stall') {
        emit({
          type: 'error',
          error: new TimeoutError({
            message: `The stream stalled: no bytes for ${how.idleMs} ms.`,
            code: 'stream_stalled',
            ...errorContext(options),
          }),
        });
      } else {
        finish(
          'interrupted',
          how.kind === 'eof'
            ? { cause: 'eof', message: 'The stream ended without a finish reason or [DONE].' }
            : { cause: 'network', message: how.message },
        );
      }
    },
  };
}
