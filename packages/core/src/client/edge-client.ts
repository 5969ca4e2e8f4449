/**
 * The edge client used by the adapters (AI SDK provider, LangChain) and by the official-SDK
 * surface. Adapters never do HTTP themselves.
 */
import type { ChatCompletion, ChatCompletionRequest } from '../api/chat-types.js';
import type {
  Completion,
  CompletionRequest,
  EmbeddingsRequest,
  EmbeddingsResponse,
  HealthStatus,
  ModelList,
  ModelStatus,
  SpeechRequest,
  Transcription,
  TranscriptionJob,
  TranscriptionParams,
  TranscriptionStreamEvent,
} from '../api/other-types.js';
import type {
  GPUMemoryStatus,
  GPUStatus,
  LoadModelRequest,
  LoadModelResponse,
  PurgeGPURequest,
  PurgeGPUResponse,
  UnloadAllModelsResponse,
  UnloadModelResponse,
} from '../endpoints/operator-types.js';
import {
  checkAudioBytes,
  checkTranscription,
  invalid,
  prepareChat,
  prepareCompletion,
  prepareEmbeddings,
  prepareSpeech,
} from '../endpoints/validate.js';
import { AbortError, NetworkError, ServerError } from '../errors/error-classes.js';
import { isPolarGridError } from '../errors/polargrid-error.js';
import { readBodyText } from '../http/read-body.js';
import { type RequestPlan, type Sent, send, type TransportConfig } from '../http/transport.js';
import { type Candidate, Router } from '../routing/router.js';
import type { ChatResult, CompletionResult } from '../stream/chat-result.js';
import type { ChatStreamEvent, CompletionStreamEvent } from '../stream/events.js';
import { streamErrorFrom } from '../stream/stream-error.js';
import { sleep } from '../util/abort.js';
import { createDebugLog, type DebugLog } from '../util/logger.js';
import { isRecord, parseJSON } from '../util/safe-json.js';
import { type ResolvedConfig, resolveConfig } from './config.js';
import type { PolarGridClientOptions, RequestOptions, ResponseMeta, WithMeta } from './options.js';
import {
  decodeChatStream,
  decodeCompletionStream,
  decodeTranscriptionStream,
  normaliseChatCompletion,
  normaliseCompletion,
} from './stream-bridge.js';

const CHAT_PATH = '/v1/chat/completions';
const COMPLETIONS_PATH = '/v1/completions';

/** A live decoded stream and the edge it came from. Read `events` once. */
export interface EventStream<E> {
  meta: ResponseMeta;
  events: ReadableStream<E>;
}

/** A resolved edge for a request. */
export interface ResolvedRoute {
  region: string;
  regionName: string | undefined;
  endpoint: string;
  source: ResponseMeta['routeSource'];
}

/** The package version, sent in `x-polargrid-client`. */
export const CORE_VERSION = '0.1.0';

const DONE_STATUSES = new Set([
  'completed',
  'complete',
  'succeeded',
  'success',
  'done',
  'finished',
]);
const FAILED_STATUSES = new Set(['failed', 'error', 'errored', 'cancelled', 'canceled']);

/**
 * The one edge client. It resolves the edge (pinned region, explicit base URL, or the autorouter
 * with TTL cache and single-flight), attaches the key, applies timeouts, retries 429/5xx with
 * jittered backoff honouring `Retry-After`, fails over to the next edge on connection errors and
 * 502/503/504 before any response byte, re-routes once with `?model=` on a 404 "Model not loaded",
 * and turns every failure into a typed {@link PolarGridError}.
 *
 * Bad input is rejected with a {@link ValidationError} before any network call.
 */
export class EdgeClient {
  readonly #apiKey: ResolvedConfig['apiKey'];
  readonly #config: Omit<ResolvedConfig, 'apiKey'>;
  readonly #router: Router;
  readonly #transport: TransportConfig;
  readonly #log: DebugLog;

  constructor(options: PolarGridClientOptions = {}) {
    const { apiKey, ...config } = resolveConfig(options);
    this.#apiKey = apiKey;
    this.#config = config;
    this.#log = createDebugLog(options.debug);
    const fetchImpl = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.#router = new Router({
      fetch: fetchImpl,
      baseURL: config.baseURL,
      region: config.region,
      autorouterURL: config.autorouterURL,
      autorouterTrusted: config.autorouterTrusted,
      edgeURLs: config.edgeURLs,
      fallbackRegions: config.fallbackRegions,
      discoveryTimeout: config.discoveryTimeout,
      maxFailovers: config.maxFailovers,
      log: this.#log,
    });
    this.#transport = {
      fetch: fetchImpl,
      router: this.#router,
      apiKey,
      headers: options.headers,
      timeout: config.timeout,
      maxRetries: config.maxRetries,
      maxFailovers: config.maxFailovers,
      clientHeader: `polargrid-core/${CORE_VERSION}${options.clientName ? ` ${options.clientName}` : ''}`,
      log: this.#log,
    };
  }

  /** The effective options with the key redacted (safe to log or serialise). */
  toJSON(): Record<string, unknown> {
    return {
      apiKey: this.#apiKey === undefined ? undefined : '[redacted]',
      ...this.#config,
    };
  }

  /** `console.log(client)` and `util.inspect` show the redacted view, never the key. */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `EdgeClient ${JSON.stringify(this.toJSON())}`;
  }

  /** Resolves the edge that a request for `model` would go to now. Never sends the key. */
  async resolveRoute(
    options: { model?: string; signal?: AbortSignal } = {},
  ): Promise<ResolvedRoute> {
    const c = await this.#router.primary(options.model, { signal: options.signal });
    return { region: c.region, regionName: c.regionName, endpoint: c.endpoint, source: c.source };
  }

  #send(plan: RequestPlan): Promise<Sent> {
    return send(this.#transport, plan);
  }

  /** Reads a JSON body, mapping read failures to typed errors. */
  async #json<T>(sent: Sent, signal: AbortSignal | undefined): Promise<WithMeta<T>> {
    const text = await this.#text(sent, signal);
    let data: unknown;
    try {
      data = parseJSON(text);
    } catch (cause) {
      throw new ServerError({
        message: `PolarGrid edge ${sent.meta.region} returned a body that is not JSON (status ${sent.meta.status}).`,
        status: sent.meta.status,
        code: 'invalid_json',
        region: sent.meta.region,
        requestId: sent.meta.requestId,
        headers: sent.meta.headers,
        responseBody: text,
        cause,
      });
    }
    if (isErrorBody(data)) {
      throw streamErrorFrom(
        data.error,
        { region: sent.meta.region, requestId: sent.meta.requestId, headers: sent.meta.headers },
        sent.meta.status,
      );
    }
    return { data: data as T, meta: sent.meta };
  }

  async #text(sent: Sent, signal: AbortSignal | undefined): Promise<string> {
    try {
      return await readBodyText(sent.response, this.#config.streamIdleTimeout, sent.meta);
    } catch (cause) {
      throw this.#bodyError(sent.meta, signal, cause);
    }
  }

  #bodyError(meta: ResponseMeta, signal: AbortSignal | undefined, cause: unknown) {
    if (isPolarGridError(cause)) return cause;
    if (signal?.aborted) {
      return new AbortError({
        message: 'Request aborted by the caller.',
        code: 'aborted',
        region: meta.region,
        cause,
      });
    }
    return new NetworkError({
      message: `The connection to PolarGrid edge ${meta.region} dropped while reading the response.`,
      code: 'connection_error',
      region: meta.region,
      requestId: meta.requestId,
      cause,
    });
  }

  #streamOptions(meta: ResponseMeta, options: RequestOptions | undefined) {
    return {
      includeRaw: options?.includeRaw,
      region: meta.region,
      requestId: meta.requestId,
      idleTimeoutMs: this.#config.streamIdleTimeout,
      signal: options?.signal,
    };
  }

  #body(sent: Sent): ReadableStream<Uint8Array> {
    return sent.response.body ?? new ReadableStream<Uint8Array>({ start: (c) => c.close() });
  }

  /** Sends a generation request (chat or text completion) whose model routes it. */
  #generate(
    path: string,
    wire: { model: string },
    options: RequestOptions | undefined,
    stream: boolean,
  ): Promise<Sent> {
    return this.#send({
      method: 'POST',
      path,
      json: wire,
      model: wire.model,
      auth: true,
      ...(stream ? { accept: 'text/event-stream' } : {}),
      options,
    });
  }

  /** `POST /v1/chat/completions` (non-streamed), decoded and normalised. */
  async createChatCompletion(
    body: ChatCompletionRequest,
    options?: RequestOptions,
  ): Promise<WithMeta<ChatCompletion> & { result: ChatResult }> {
    const sent = await this.#generate(CHAT_PATH, prepareChat(body, false), options, false);
    const out = await this.#json<ChatCompletion>(sent, options?.signal);
    return { ...out, result: normaliseChatCompletion(out.data) };
  }

  /** Streamed chat: sends `stream: true` and `stream_options.include_usage: true`. */
  async streamChatCompletion(
    body: ChatCompletionRequest,
    options?: RequestOptions,
  ): Promise<EventStream<ChatStreamEvent>> {
    const sent = await this.#generate(CHAT_PATH, prepareChat(body, true), options, true);
    return {
      meta: sent.meta,
      events: decodeChatStream(this.#body(sent), this.#streamOptions(sent.meta, options)),
    };
  }

  /** `POST /v1/completions` (non-streamed). */
  async createCompletion(
    body: CompletionRequest,
    options?: RequestOptions,
  ): Promise<WithMeta<Completion> & { result: CompletionResult }> {
    const sent = await this.#generate(
      COMPLETIONS_PATH,
      prepareCompletion(body, false),
      options,
      false,
    );
    const out = await this.#json<Completion>(sent, options?.signal);
    return { ...out, result: normaliseCompletion(out.data) };
  }

  /** Streamed `POST /v1/completions`; sends `stream: true` and `stream_options.include_usage: true`. */
  async streamCompletion(
    body: CompletionRequest,
    options?: RequestOptions,
  ): Promise<EventStream<CompletionStreamEvent>> {
    const sent = await this.#generate(
      COMPLETIONS_PATH,
      prepareCompletion(body, true),
      options,
      true,
    );
    return {
      meta: sent.meta,
      events: decodeCompletionStream(this.#body(sent), this.#streamOptions(sent.meta, options)),
    };
  }

  /** `POST /v1/embeddings` with `encoding_format: 'float'`; routes with `?model=`. A 404 names model and region (D1). */
  async createEmbeddings(
    body: EmbeddingsRequest,
    options?: RequestOptions,
  ): Promise<WithMeta<EmbeddingsResponse>> {
    const wire = prepareEmbeddings(body);
    const sent = await this.#send({
      method: 'POST',
      path: '/v1/embeddings',
      json: wire,
      model: wire.model,
      auth: true,
      endpoint: 'embeddings',
      options,
    });
    return this.#json<EmbeddingsResponse>(sent, options?.signal);
  }

  /** `POST /v1/audio/speech`; the whole clip. `response_format` is always sent (server default is pcm). */
  async createSpeech(
    body: SpeechRequest,
    options?: RequestOptions,
  ): Promise<WithMeta<{ audio: Uint8Array; contentType: string }>> {
    const wire = prepareSpeech(body, false);
    const sent = await this.#send({
      method: 'POST',
      path: '/v1/audio/speech',
      json: wire,
      model: wire.model,
      auth: true,
      accept: '*/*',
      options,
    });
    let audio: Uint8Array;
    try {
      audio = new Uint8Array(await sent.response.arrayBuffer());
    } catch (cause) {
      throw this.#bodyError(sent.meta, options?.signal, cause);
    }
    return {
      data: { audio, contentType: sent.meta.headers['content-type'] ?? 'application/octet-stream' },
      meta: sent.meta,
    };
  }

  /** `POST /v1/audio/speech` with `stream: true`; raw audio chunks as they arrive. */
  async streamSpeech(
    body: SpeechRequest,
    options?: RequestOptions,
  ): Promise<EventStream<Uint8Array>> {
    const wire = prepareSpeech(body, true);
    const sent = await this.#send({
      method: 'POST',
      path: '/v1/audio/speech',
      json: wire,
      model: wire.model,
      auth: true,
      accept: '*/*',
      options,
    });
    const meta = sent.meta;
    const signal = options?.signal;
    const mapError = (cause: unknown) => this.#bodyError(meta, signal, cause);
    const reader = this.#body(sent).getReader();
    const events = new ReadableStream<Uint8Array>({
      async pull(controller) {
        try {
          const { done, value } = await reader.read();
          if (done) controller.close();
          else controller.enqueue(value);
        } catch (cause) {
          controller.error(mapError(cause));
        }
      },
      cancel(reason) {
        return reader.cancel(reason);
      },
    });
    return { meta, events };
  }

  async #transcriptionPlan(
    file: Blob,
    params: TranscriptionParams,
    mode: { sync?: true; stream?: true },
    options: RequestOptions | undefined,
  ): Promise<RequestPlan> {
    checkTranscription(file, { ...params, ...mode });
    await checkAudioBytes(file);
    const form = new FormData();
    form.append('file', file, (file as { name?: string }).name || 'audio');
    const query: RequestPlan['query'] = {};
    for (const [k, v] of Object.entries(params))
      if (v !== undefined) query[k] = v as string | number | boolean;
    if (mode.sync) query.sync = true;
    if (mode.stream) query.stream = true;
    return {
      method: 'POST',
      path: '/v1/audio/transcriptions',
      query,
      form,
      model: params.model,
      auth: true,
      accept: mode.stream ? 'text/event-stream' : 'application/json',
      options,
    };
  }

  async #transcriptionResult(
    sent: Sent,
    format: string | undefined,
    signal: AbortSignal | undefined,
  ) {
    const text = await this.#text(sent, signal);
    const contentType = sent.meta.headers['content-type'] ?? '';
    if (
      (format === undefined || format === 'json' || format === 'verbose_json') &&
      !contentType.startsWith('text/plain')
    ) {
      try {
        const data = parseJSON(text);
        if (isRecord(data)) return data as Transcription;
      } catch {
        // Fall through: a plain-text body is still a transcript.
      }
    }
    return { text } as Transcription;
  }

  /** `POST /v1/audio/transcriptions?sync=true`: the multipart body holds only `file`; the rest is query. */
  async transcribe(
    file: Blob,
    params: TranscriptionParams,
    options?: RequestOptions,
  ): Promise<WithMeta<Transcription>> {
    const sent = await this.#send(
      await this.#transcriptionPlan(file, params, { sync: true }, options),
    );
    return {
      data: await this.#transcriptionResult(sent, params.response_format, options?.signal),
      meta: sent.meta,
    };
  }

  /** `POST /v1/audio/transcriptions?stream=true`: `transcript.text.delta` events, then `transcript.text.done`. */
  async streamTranscription(
    file: Blob,
    params: TranscriptionParams,
    options?: RequestOptions,
  ): Promise<EventStream<TranscriptionStreamEvent>> {
    const sent = await this.#send(
      await this.#transcriptionPlan(file, params, { stream: true }, options),
    );
    return {
      meta: sent.meta,
      events: decodeTranscriptionStream(this.#body(sent), this.#streamOptions(sent.meta, options)),
    };
  }

  /**
   * Default async mode: `202` + job, then polls `GET /v1/audio/transcriptions?job_id=` on the same
   * edge (the job lives there) until the job reports a final status.
   */
  async transcribeAsync(
    file: Blob,
    params: TranscriptionParams,
    options?: RequestOptions & { pollIntervalMs?: number },
  ): Promise<WithMeta<Transcription>> {
    const first = await this.#send(await this.#transcriptionPlan(file, params, {}, options));
    let job = (await this.#json<TranscriptionJob>(first, options?.signal)).data;
    const interval = options?.pollIntervalMs ?? 1000;
    const pinned: Candidate = {
      region: first.meta.region,
      regionName: first.meta.regionName,
      endpoint: first.meta.endpoint,
      source: first.meta.routeSource,
    };
    let meta = first.meta;
    for (;;) {
      if (typeof job.text === 'string' && job.status === undefined)
        return { data: job as unknown as Transcription, meta };
      const status = String(job.status ?? '').toLowerCase();
      if (DONE_STATUSES.has(status)) {
        const result = isRecord(job.result)
          ? (job.result as Transcription)
          : (job as unknown as Transcription);
        return { data: result, meta };
      }
      if (FAILED_STATUSES.has(status)) {
        const detail =
          isRecord(job.error) && typeof job.error.message === 'string'
            ? job.error.message
            : String(job.error ?? status);
        throw new ServerError({
          message: `Transcription job ${job.job_id} failed in region ${meta.region}: ${detail}`,
          code: 'transcription_failed',
          region: meta.region,
          requestId: meta.requestId,
          details: job,
        });
      }
      if (typeof job.job_id !== 'string' || job.job_id === '') {
        throw new ServerError({
          message: `PolarGrid edge ${meta.region} answered a transcription job without a job_id.`,
          code: 'invalid_job',
          region: meta.region,
          details: job,
        });
      }
      try {
        await sleep(interval, options?.signal);
      } catch (cause) {
        throw new AbortError({
          message: 'Request aborted by the caller.',
          code: 'aborted',
          region: meta.region,
          cause,
        });
      }
      const poll = await this.#send({
        method: 'GET',
        path: '/v1/audio/transcriptions',
        query: { job_id: job.job_id },
        auth: true,
        pin: pinned,
        options,
      });
      meta = poll.meta;
      job = (await this.#json<TranscriptionJob>(poll, options?.signal)).data;
    }
  }

  /** `GET /v1/models` on the edge a request for `model` would use (or the default route). */
  async listModels(options?: RequestOptions & { model?: string }): Promise<WithMeta<ModelList>> {
    const sent = await this.#send({
      method: 'GET',
      path: '/v1/models',
      model: options?.model,
      auth: true,
      options,
    });
    const out = await this.#json<ModelList>(sent, options?.signal);
    const data = isRecord(out.data) && Array.isArray(out.data.data) ? out.data.data : [];
    return { data: { ...out.data, data }, meta: out.meta };
  }

  /** `GET /health` at the edge root. Unauthenticated: the key is not sent. */
  async health(options?: RequestOptions): Promise<WithMeta<HealthStatus>> {
    const sent = await this.#send({ method: 'GET', path: '/health', auth: false, options });
    return this.#json<HealthStatus>(sent, options?.signal);
  }

  /** `GET /v1/models/status`. */
  async getModelStatus(options?: RequestOptions): Promise<WithMeta<ModelStatus>> {
    const sent = await this.#send({
      method: 'GET',
      path: '/v1/models/status',
      auth: true,
      options,
    });
    return this.#json<ModelStatus>(sent, options?.signal);
  }

  /**
   * `POST /v1/models/load`.
   * @remarks operator-only: ordinary keys get a 403 {@link PermissionError}.
   */
  async loadModel(
    body: LoadModelRequest,
    options?: RequestOptions,
  ): Promise<WithMeta<LoadModelResponse>> {
    if (!body?.model_name) throw invalid('model_name is required.', 'model_name');
    return this.#operator<LoadModelResponse>('POST', '/v1/models/load', body, options);
  }

  /**
   * `POST /v1/models/unload`.
   * @remarks operator-only.
   */
  async unloadModel(
    body: { model_name: string },
    options?: RequestOptions,
  ): Promise<WithMeta<UnloadModelResponse>> {
    if (!body?.model_name) throw invalid('model_name is required.', 'model_name');
    return this.#operator<UnloadModelResponse>('POST', '/v1/models/unload', body, options);
  }

  /**
   * `POST /v1/models/unload-all`.
   * @remarks operator-only.
   */
  unloadAllModels(options?: RequestOptions): Promise<WithMeta<UnloadAllModelsResponse>> {
    return this.#operator<UnloadAllModelsResponse>(
      'POST',
      '/v1/models/unload-all',
      undefined,
      options,
    );
  }

  /**
   * `GET /v1/gpu/status`.
   * @remarks operator-only.
   */
  getGPUStatus(options?: RequestOptions): Promise<WithMeta<GPUStatus>> {
    return this.#operator<GPUStatus>('GET', '/v1/gpu/status', undefined, options);
  }

  /**
   * `GET /v1/gpu/memory`.
   * @remarks operator-only.
   */
  getGPUMemory(options?: RequestOptions): Promise<WithMeta<GPUMemoryStatus>> {
    return this.#operator<GPUMemoryStatus>('GET', '/v1/gpu/memory', undefined, options);
  }

  /**
   * `POST /v1/gpu/purge`: unloads all models and clears the cache.
   * @remarks operator-only.
   */
  purgeGPU(
    body: PurgeGPURequest = {},
    options?: RequestOptions,
  ): Promise<WithMeta<PurgeGPUResponse>> {
    return this.#operator<PurgeGPUResponse>('POST', '/v1/gpu/purge', body, options);
  }

  async #operator<T>(
    method: 'GET' | 'POST',
    path: string,
    json: unknown,
    options: RequestOptions | undefined,
  ) {
    const sent = await this.#send({
      method,
      path,
      json: method === 'POST' ? (json ?? {}) : undefined,
      auth: true,
      options,
    });
    return this.#json<T>(sent, options?.signal);
  }
}

/**
 * A 2xx body that is only an error (`{"error": …}` without any result or job fields): some
 * gateways answer that way, and it must be an error, never an empty success.
 */
function isErrorBody(data: unknown): data is { error: unknown } {
  if (!isRecord(data) || data.error === undefined || data.error === null) return false;
  return !(
    'choices' in data ||
    'data' in data ||
    'job_id' in data ||
    'status' in data ||
    'text' in data
  );
}
