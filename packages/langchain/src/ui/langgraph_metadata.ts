/**
 * Carries PolarGrid metadata from a LangGraph stream into an AI SDK UI message stream.
 *
 * `@ai-sdk/langchain`'s `toUIMessageStream` turns a LangGraph `['values', 'messages']` stream into
 * UI chunks but drops `response_metadata` and `usage_metadata`, so a chat UI cannot show the
 * region, request id, time to first token or token usage of a LangChain agent's answer. Neither
 * `ai` nor `@ai-sdk/langchain` offers a way to carry them, so this module does: it taps the graph
 * stream (passing every event through unchanged), collects those fields from `ChatPolarGrid`'s
 * message chunks, and adds `message-metadata` chunks to the UI stream — the caller's base
 * metadata on `start`, the time to first token at the first token, everything else before
 * `finish`. It is typed structurally, so this package does not depend on `ai`.
 */

/** What {@link tapLangGraphMetadata} collects for one agent answer. */
export interface PolarGridRunMetadata {
  /** Edge region id, e.g. `yto-01`. */
  region?: string;
  regionName?: string;
  /** The edge's request id. */
  requestId?: string;
  /** From `startedAt` to the first streamed token (text, reasoning or tool-call arguments), ms. */
  ttftMs?: number;
  /** The edge's own inference time to first token (`pg_metadata.inference_ttft_ms`). */
  serverTtftMs?: number;
  inputTokens?: number;
  outputTokens?: number;
  totalTokens?: number;
  /** Model calls in this answer (more than one when tools ran). */
  steps?: number;
}

/** The part of an AI SDK `UIMessageChunk` this module reads and writes. */
export interface UIMessageChunkLike {
  type: string;
  messageMetadata?: unknown;
}

function compact<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

type JsonRecord = Record<string, unknown>;

function isRecord(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/** True for an AI message (chunk): LangChain serialises the type as `ai` / `AIMessageChunk`. */
function isAIMessage(message: JsonRecord): boolean {
  const getType = message._getType ?? message.getType;
  if (typeof getType === 'function') return getType.call(message) === 'ai';
  return message.type === 'ai';
}

/** A chunk carrying model output: text, reasoning/content blocks, or tool-call argument slices. */
function hasToken(message: JsonRecord): boolean {
  if (Array.isArray(message.tool_call_chunks) && message.tool_call_chunks.length > 0) return true;
  if (typeof message.content === 'string') return message.content.length > 0;
  if (Array.isArray(message.content)) return message.content.length > 0;
  return false;
}

interface Collected {
  firstTokenAt: number | undefined;
  messageIds: Set<string>;
  inputTokens: number;
  outputTokens: number;
  sawUsage: boolean;
  edge: Partial<PolarGridRunMetadata>;
}

/** Region, request id and the edge's TTFT from a `ChatPolarGrid` message's `response_metadata`. */
export function polarGridFieldsFromResponseMetadata(
  responseMetadata: unknown,
): Partial<PolarGridRunMetadata> {
  if (!isRecord(responseMetadata)) return {};
  const pg = isRecord(responseMetadata.polargrid) ? responseMetadata.polargrid : responseMetadata;
  const timings = isRecord(pg.serverTimings)
    ? pg.serverTimings
    : isRecord(pg.server_timings)
      ? pg.server_timings
      : pg;
  return compact({
    region: str(pg.region),
    regionName: str(pg.regionName) ?? str(pg.region_name),
    requestId: str(pg.requestId) ?? str(pg.request_id),
    serverTtftMs: num(timings.inferenceTtftMs) ?? num(timings.inference_ttft_ms),
  });
}

/** The two ends of the tap: feed `graphStream` to `toUIMessageStream`, then `decorate` its output. */
export interface LangGraphMetadataTap {
  /** The graph stream, unchanged; give it to `toUIMessageStream`. */
  graphStream: ReadableStream<unknown>;
  /** Adds `message-metadata` chunks to the UI stream made from {@link graphStream}. */
  decorate<C extends UIMessageChunkLike>(uiStream: ReadableStream<C>): ReadableStream<C>;
}

/**
 * Taps a LangGraph stream for PolarGrid metadata.
 *
 * @example
 * ```ts
 * const graph = await agent.stream({ messages }, { streamMode: ['values', 'messages'] });
 * const tap = tapLangGraphMetadata(graph, { backend: 'langchain' });
 * return createUIMessageStreamResponse({ stream: tap.decorate(toUIMessageStream(tap.graphStream)) });
 * ```
 * @param source a LangGraph stream in `['values', 'messages']` mode (with or without subgraphs)
 * @param base metadata known before the run (e.g. backend and model), sent on `start`
 * @param startedAt `performance.now()` when the request arrived, for `ttftMs` (default: now)
 */
export function tapLangGraphMetadata(
  source: AsyncIterable<unknown> | ReadableStream<unknown>,
  base: Record<string, unknown> = {},
  startedAt: number = performance.now(),
): LangGraphMetadataTap {
  const seen: Collected = {
    firstTokenAt: undefined,
    messageIds: new Set(),
    inputTokens: 0,
    outputTokens: 0,
    sawUsage: false,
    edge: {},
  };
  // Set when the first token passes through the graph tap; the UI side emits it once.
  let pendingTtft: number | undefined;

  const observe = (event: unknown): void => {
    if (!Array.isArray(event) || event.length < 2) return;
    const mode = event[event.length - 2];
    const data = event[event.length - 1];
    if (mode !== 'messages' || !Array.isArray(data)) return;
    const message = data[0];
    if (!isRecord(message) || !isAIMessage(message)) return;
    if (typeof message.id === 'string') seen.messageIds.add(message.id);
    if (seen.firstTokenAt === undefined && hasToken(message)) {
      seen.firstTokenAt = performance.now();
      pendingTtft = Math.round(seen.firstTokenAt - startedAt);
    }
    Object.assign(seen.edge, polarGridFieldsFromResponseMetadata(message.response_metadata));
    const usage = message.usage_metadata;
    if (isRecord(usage)) {
      seen.sawUsage = true;
      seen.inputTokens += num(usage.input_tokens) ?? 0;
      seen.outputTokens += num(usage.output_tokens) ?? 0;
    }
  };

  const iterable: AsyncIterable<unknown> =
    Symbol.asyncIterator in source
      ? (source as AsyncIterable<unknown>)
      : streamToIterable(source as ReadableStream<unknown>);
  const iterator = iterable[Symbol.asyncIterator]();

  const graphStream = new ReadableStream<unknown>({
    async pull(controller) {
      const { done, value } = await iterator.next();
      if (done) {
        controller.close();
        return;
      }
      observe(value);
      controller.enqueue(value);
    },
    async cancel(reason) {
      await iterator.return?.(reason);
    },
  });

  const final = (): PolarGridRunMetadata => ({
    ...seen.edge,
    ...(seen.messageIds.size > 0 ? { steps: seen.messageIds.size } : {}),
    ...(seen.sawUsage
      ? {
          inputTokens: seen.inputTokens,
          outputTokens: seen.outputTokens,
          totalTokens: seen.inputTokens + seen.outputTokens,
        }
      : {}),
  });

  // The chunks added here are valid `UIMessageChunk`s; `C` only narrows what passes through.
  const metadataChunk = <C extends UIMessageChunkLike>(messageMetadata: object): C =>
    ({ type: 'message-metadata', messageMetadata }) as unknown as C;
  const decorate = <C extends UIMessageChunkLike>(uiStream: ReadableStream<C>) =>
    uiStream.pipeThrough(
      new TransformStream<C, C>({
        transform(chunk, controller) {
          if (chunk.type === 'finish') controller.enqueue(metadataChunk<C>(final()));
          if (chunk.type === 'start') {
            controller.enqueue({ ...chunk, messageMetadata: base });
            return;
          }
          controller.enqueue(chunk);
          if (pendingTtft !== undefined) {
            controller.enqueue(metadataChunk<C>({ ttftMs: pendingTtft }));
            pendingTtft = undefined;
          }
        },
      }),
    );

  return { graphStream, decorate };
}

/** For runtimes whose `ReadableStream` is not async-iterable; stopping early cancels the source. */
async function* streamToIterable<T>(stream: ReadableStream<T>): AsyncGenerator<T> {
  const reader = stream.getReader();
  let finished = false;
  try {
    while (true) {
      const { done, value } = await reader.read();
      if (done) {
        finished = true;
        return;
      }
      yield value;
    }
  } finally {
    if (!finished) await reader.cancel();
    reader.releaseLock();
  }
}
