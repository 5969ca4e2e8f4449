/**
 * The official-SDK shape (`@polargrid/polargrid-sdk`'s API) on the public API of
 * `@polargrid/core`: camelCase in and out, snake_case on the wire. It imports only the main
 * entry, as an app would (the layer check holds it to that).
 */
import {
  type ChatStreamEvent,
  createChatCompletion,
  createCompletion,
  createSpeech,
  getGPUMemory,
  getGPUStatus,
  getModelStatus,
  health,
  listModels,
  loadModel,
  type PolarGridClientOptions,
  PolarGridEdge,
  purgeGPU,
  REGIONS,
  type RequestOptions,
  type ResponseMeta,
  StreamInterruptedError,
  streamChatCompletion,
  streamCompletion,
  streamSpeech,
  streamTranscription,
  transcribe,
  unloadAllModels,
  unloadModel,
  ValidationError,
  type TranscriptionStreamEvent,
} from '../index.js';
// Wire shapes only (declarations, no code): the layer check allows the SDK these and the main entry.
import type {
  ChatCompletion,
  ChatCompletionChunk,
  ChatCompletionRequest,
} from '../types/chat-types.js';
import type {
  GPUMemoryStatus,
  GPUStatus,
  LoadModelResponse,
  PurgeGPUResponse,
  UnloadAllModelsResponse,
  UnloadModelResponse,
} from '../types/operator-types.js';
import type {
  Completion,
  CompletionRequest,
  HealthStatus,
  ModelList,
  ModelStatus,
  SpeechFormat,
  SpeechRequest,
  Transcription,
  TranscriptionParams,
} from '../types/other-types.js';
import type { Camelize } from './camel-types.js';
import { camelCase, snakeCase } from './case.js';

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The human name of a region id, from the public region table. */
const regionName = (id: string): string | undefined => REGIONS.find((r) => r.id === id)?.name;

/** A missing required parameter, named as the caller spelled it (camelCase). */
const required = (param: string): ValidationError =>
  new ValidationError({
    message: `${param} is required.`,
    code: 'invalid_request',
    param,
  });

/** Node's `util.inspect` hook, by its registered name (no `node:util` import: runtime-neutral). */
const INSPECT = Symbol.for('nodejs.util.inspect.custom');

/** Options of {@link PolarGrid}: the same as a {@link PolarGridEdge}'s. */
export type PolarGridOptions = PolarGridClientOptions;

export type ChatCompletionParams = Camelize<
  Omit<ChatCompletionRequest, 'stream' | 'stream_options'>
>;
export type ChatCompletionResponse = Camelize<ChatCompletion>;
export type ChatCompletionStreamChunk = Camelize<ChatCompletionChunk>;
export type CompletionParams = Camelize<Omit<CompletionRequest, 'stream' | 'stream_options'>>;
export type CompletionResponse = Camelize<Completion>;
export type CompletionStreamChunk = Camelize<{
  id?: string;
  object?: string;
  created?: number;
  model?: string;
  choices?: Array<{ index?: number; text?: string; finish_reason?: string | null }>;
  usage?: Completion['usage'] | null;
}>;
/** `responseFormat` defaults to `mp3` for whole clips and `opus` for streams (the SDK defaults); it is always sent. */
export type TextToSpeechParams = Camelize<Omit<SpeechRequest, 'stream' | 'response_format'>> & {
  responseFormat?: SpeechFormat;
};
export type TranscribeParams = Camelize<TranscriptionParams> & { file: Blob };
export type TranscriptionResult = Camelize<Transcription>;
export type ModelListResponse = Camelize<ModelList>;
export type ModelStatusResponse = Camelize<ModelStatus>;
export type HealthResponse = Camelize<HealthStatus>;

/** A data chunk of a chat/completion stream (the raw payloads, minus `pg_metadata` and errors). */
function isChunkPayload(data: unknown): data is Record<string, unknown> {
  return (
    isRecord(data) && !('error' in data) && (Array.isArray(data.choices) || isRecord(data.usage))
  );
}

/**
 * Replays decoded events as camelCase chunks. Ends normally on `finish`; throws the typed error
 * on an `error` event, and {@link StreamInterruptedError} (after the partial output) on a cut.
 */
async function* chunksOf<T>(
  events: ReadableStream<ChatStreamEvent>,
  meta: ResponseMeta,
): AsyncGenerator<T> {
  const reader = events.getReader();
  let text = '';
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      if (value.type === 'raw' && isChunkPayload(value.data)) yield camelCase<T>(value.data);
      else if (value.type === 'text-delta') text += value.text;
      else if (value.type === 'error') throw value.error;
      else if (value.type === 'finish' && value.reason === 'interrupted') {
        throw new StreamInterruptedError({
          message: `The stream from ${meta.region} ended before it finished (${value.interruption?.message ?? 'connection closed'}). ${text.length} characters were delivered.`,
          code: 'stream_interrupted',
          region: meta.region,
          requestId: meta.requestId,
          partialText: text,
        });
      }
    }
  } finally {
    reader.releaseLock();
    // Stop the download when the caller breaks out early.
    await events.cancel().catch(() => {});
  }
}

/**
 * The official PolarGrid SDK surface (`@polargrid/polargrid-sdk`'s API): camelCase in and out,
 * snake_case on the wire, every call through a {@link PolarGridEdge} (routing, failover, retries).
 *
 * @example
 * const pg = await PolarGrid.create({ debug: true }); // auto-routes
 * const res = await pg.chatCompletion({ model: 'qwen-3.8-27b', messages: [{ role: 'user', content: 'Hi' }], maxTokens: 64 });
 */
export class PolarGrid {
  /** The transport underneath, for anything this surface does not cover. */
  readonly client: PolarGridEdge;
  #route: { region: string; regionName: string | undefined } | undefined;

  /** Sync constructor. With `region` (id or alias), `getRegionId()` works at once. */
  constructor(options: PolarGridOptions = {}) {
    this.client = new PolarGridEdge(options);
    const json = this.client.toJSON();
    if (typeof json.region === 'string')
      this.#route = { region: json.region, regionName: regionName(json.region) };
    // `console.log(pg)` shows the redacted options, never the key (set on the instance: see
    // the core's util/inspect.ts on computed class keys).
    Object.defineProperty(this, INSPECT, {
      value: () => `PolarGrid ${JSON.stringify(this.toJSON())}`,
      configurable: true,
      writable: true,
    });
  }

  /** Async factory that auto-routes and resolves the edge eagerly (so `getRegionId()` works). */
  static async create(
    options: PolarGridOptions & { routingModel?: string } = {},
  ): Promise<PolarGrid> {
    const { routingModel, ...rest } = options;
    const pg = new PolarGrid(rest);
    const route = await pg.client.resolveRoute({ model: routingModel });
    pg.#route = { region: route.region, regionName: route.regionName };
    return pg;
  }

  /** Region id of the edge in use, e.g. `'yto-01'` (the last one that answered). */
  getRegionId(): string | undefined {
    return this.#route?.region;
  }

  /** Human name of the edge in use, e.g. `'Toronto'`. */
  getRegionName(): string | undefined {
    return this.#route?.regionName;
  }

  #seen<T extends { meta: ResponseMeta }>(out: T): T {
    this.#route = { region: out.meta.region, regionName: out.meta.regionName };
    return out;
  }

  async chatCompletion(
    params: ChatCompletionParams,
    options?: RequestOptions,
  ): Promise<ChatCompletionResponse> {
    const out = this.#seen(await createChatCompletion(this.client, snakeCase(params), options));
    return camelCase(out.data);
  }

  /** Async iterator of camelCase chunks, e.g. `chunk.choices[0].finishReason`. */
  async *chatCompletionStream(
    params: ChatCompletionParams,
    options?: RequestOptions,
  ): AsyncGenerator<ChatCompletionStreamChunk> {
    const out = this.#seen(
      await streamChatCompletion(this.client, snakeCase(params), { ...options, includeRaw: true }),
    );
    yield* chunksOf<ChatCompletionStreamChunk>(out.events, out.meta);
  }

  async completion(
    params: CompletionParams,
    options?: RequestOptions,
  ): Promise<CompletionResponse> {
    const out = this.#seen(await createCompletion(this.client, snakeCase(params), options));
    return camelCase(out.data);
  }

  async *completionStream(
    params: CompletionParams,
    options?: RequestOptions,
  ): AsyncGenerator<CompletionStreamChunk> {
    const out = this.#seen(
      await streamCompletion(this.client, snakeCase(params), { ...options, includeRaw: true }),
    );
    yield* chunksOf<CompletionStreamChunk>(out.events, out.meta);
  }

  /** The whole clip as an `ArrayBuffer`. */
  async textToSpeech(params: TextToSpeechParams, options?: RequestOptions): Promise<ArrayBuffer> {
    const wire = snakeCase<SpeechRequest>({
      ...params,
      responseFormat: params.responseFormat ?? 'mp3',
    });
    const out = this.#seen(await createSpeech(this.client, wire, options));
    const { audio } = out.data;
    return audio.buffer.slice(audio.byteOffset, audio.byteOffset + audio.byteLength) as ArrayBuffer;
  }

  /** Audio chunks as they arrive (chunked HTTP). */
  async *textToSpeechStream(
    params: TextToSpeechParams,
    options?: RequestOptions,
  ): AsyncGenerator<Uint8Array> {
    const wire = snakeCase<SpeechRequest>({
      ...params,
      responseFormat: params.responseFormat ?? 'opus',
    });
    const out = this.#seen(await streamSpeech(this.client, wire, options));
    const reader = out.events.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        yield value;
      }
    } finally {
      reader.releaseLock();
      await out.events.cancel().catch(() => {});
    }
  }

  /** Transcribes a `Blob`/`File` in `sync` mode. */
  async transcribe(
    params: TranscribeParams,
    options?: RequestOptions,
  ): Promise<TranscriptionResult> {
    const { file, ...rest } = params ?? ({} as TranscribeParams);
    const out = this.#seen(await transcribe(this.client, file, snakeCase(rest), options));
    return camelCase(out.data);
  }

  /** `transcript.text.delta` events, then `transcript.text.done` (or `error`). */
  async *transcribeStream(
    params: TranscribeParams,
    options?: RequestOptions,
  ): AsyncGenerator<TranscriptionStreamEvent> {
    const { file, ...rest } = params ?? ({} as TranscribeParams);
    const out = this.#seen(await streamTranscription(this.client, file, snakeCase(rest), options));
    const reader = out.events.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        yield value;
      }
    } finally {
      reader.releaseLock();
      await out.events.cancel().catch(() => {});
    }
  }

  async listModels(options?: RequestOptions): Promise<ModelListResponse> {
    return camelCase(this.#seen(await listModels(this.client, options)).data);
  }

  async getModelStatus(options?: RequestOptions): Promise<ModelStatusResponse> {
    return camelCase(this.#seen(await getModelStatus(this.client, options)).data);
  }

  /** `GET /health` (unauthenticated). */
  async health(options?: RequestOptions): Promise<HealthResponse> {
    return camelCase(this.#seen(await health(this.client, options)).data);
  }

  /** @remarks operator-only. */
  async loadModel(
    params: { modelName: string; forceReload?: boolean },
    options?: RequestOptions,
  ): Promise<Camelize<LoadModelResponse>> {
    if (!params?.modelName) throw required('modelName');
    return camelCase((await loadModel(this.client, snakeCase(params), options)).data);
  }

  /** @remarks operator-only. */
  async unloadModel(
    params: { modelName: string },
    options?: RequestOptions,
  ): Promise<Camelize<UnloadModelResponse>> {
    if (!params?.modelName) throw required('modelName');
    return camelCase((await unloadModel(this.client, snakeCase(params), options)).data);
  }

  /** @remarks operator-only. */
  async unloadAllModels(options?: RequestOptions): Promise<Camelize<UnloadAllModelsResponse>> {
    return camelCase((await unloadAllModels(this.client, options)).data);
  }

  /** @remarks operator-only. */
  async getGPUStatus(options?: RequestOptions): Promise<Camelize<GPUStatus>> {
    return camelCase((await getGPUStatus(this.client, options)).data);
  }

  /** @remarks operator-only. */
  async getGPUMemory(options?: RequestOptions): Promise<Camelize<GPUMemoryStatus>> {
    return camelCase((await getGPUMemory(this.client, options)).data);
  }

  /** @remarks operator-only. */
  async purgeGPU(
    params: { force?: boolean } = {},
    options?: RequestOptions,
  ): Promise<Camelize<PurgeGPUResponse>> {
    return camelCase((await purgeGPU(this.client, params, options)).data);
  }

  toJSON(): Record<string, unknown> {
    return this.client.toJSON();
  }
}
