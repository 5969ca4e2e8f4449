/**
 * The edge client used by the adapters (AI SDK provider, LangChain) and by the official-SDK
 * surface: a {@link PolarGridEdge} with every endpoint as a method. Adapters never do HTTP
 * themselves.
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
  TranscriptionParams,
  TranscriptionStreamEvent,
} from '../api/other-types.js';
import * as chat from '../endpoints/chat.js';
import * as completions from '../endpoints/completions.js';
import * as embeddings from '../endpoints/embeddings.js';
import * as models from '../endpoints/models.js';
import * as operator from '../endpoints/operator.js';
import * as served from '../endpoints/served-models.js';
import type { ServedModel } from '../catalog/live-catalog.js';
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
import * as speech from '../endpoints/speech.js';
import * as transcription from '../endpoints/transcription.js';
import type { ChatResult, CompletionResult } from '../stream/chat-result.js';
import type { ChatStreamEvent, CompletionStreamEvent } from '../stream/events.js';
import type { EventStream } from './edge-io.js';
import type { RequestOptions, WithMeta } from './options.js';
import { PolarGridEdge } from './polargrid-edge.js';

export type { EventStream } from './edge-io.js';
export { CORE_VERSION, type ResolvedRoute } from './polargrid-edge.js';

/**
 * The one edge client: a {@link PolarGridEdge} (routing, auth, timeouts, retries, failover,
 * typed errors) with every endpoint as a method. Each method is the endpoint function of the
 * same name (`streamChatCompletion(edge, …)`, …); a browser bundle that wants only some
 * endpoints imports those functions with a `PolarGridEdge` instead.
 *
 * Bad input is rejected with a {@link ValidationError} before any network call.
 */
export class EdgeClient extends PolarGridEdge {
  protected override get className(): string {
    return 'EdgeClient';
  }

  /** `POST /v1/chat/completions` (non-streamed), decoded into events and folded into `result`. */
  createChatCompletion(
    body: ChatCompletionRequest,
    options?: RequestOptions,
  ): Promise<WithMeta<ChatCompletion> & { events: ChatStreamEvent[]; result: ChatResult }> {
    return chat.createChatCompletion(this, body, options);
  }

  /** Streamed chat: sends `stream: true` and `stream_options.include_usage: true`. */
  streamChatCompletion(
    body: ChatCompletionRequest,
    options?: RequestOptions,
  ): Promise<EventStream<ChatStreamEvent>> {
    return chat.streamChatCompletion(this, body, options);
  }

  /** `POST /v1/completions` (non-streamed). */
  createCompletion(
    body: CompletionRequest,
    options?: RequestOptions,
  ): Promise<WithMeta<Completion> & { events: CompletionStreamEvent[]; result: CompletionResult }> {
    return completions.createCompletion(this, body, options);
  }

  /** Streamed `POST /v1/completions`; sends `stream: true` and `stream_options.include_usage: true`. */
  streamCompletion(
    body: CompletionRequest,
    options?: RequestOptions,
  ): Promise<EventStream<CompletionStreamEvent>> {
    return completions.streamCompletion(this, body, options);
  }

  /** `POST /v1/embeddings` with `encoding_format: 'float'`; routes with `?model=`. A 404 names model and region (D1). */
  createEmbeddings(
    body: EmbeddingsRequest,
    options?: RequestOptions,
  ): Promise<WithMeta<EmbeddingsResponse>> {
    return embeddings.createEmbeddings(this, body, options);
  }

  /** `POST /v1/audio/speech`; the whole clip. `response_format` is always sent (server default is pcm). */
  createSpeech(
    body: SpeechRequest,
    options?: RequestOptions,
  ): Promise<WithMeta<{ audio: Uint8Array; contentType: string }>> {
    return speech.createSpeech(this, body, options);
  }

  /** `POST /v1/audio/speech` with `stream: true`; raw audio chunks as they arrive. */
  streamSpeech(body: SpeechRequest, options?: RequestOptions): Promise<EventStream<Uint8Array>> {
    return speech.streamSpeech(this, body, options);
  }

  /** `POST /v1/audio/transcriptions?sync=true`: the multipart body holds only `file`; the rest is query. */
  transcribe(
    file: Blob,
    params: TranscriptionParams,
    options?: RequestOptions,
  ): Promise<WithMeta<Transcription>> {
    return transcription.transcribe(this, file, params, options);
  }

  /** `POST /v1/audio/transcriptions?stream=true`: `transcript.text.delta` events, then `transcript.text.done`. */
  streamTranscription(
    file: Blob,
    params: TranscriptionParams,
    options?: RequestOptions,
  ): Promise<EventStream<TranscriptionStreamEvent>> {
    return transcription.streamTranscription(this, file, params, options);
  }

  /**
   * Default async mode: `202` + job, then polls `GET /v1/audio/transcriptions?job_id=` on the same
   * edge (the job lives there) until the job reports a final status.
   */
  transcribeAsync(
    file: Blob,
    params: TranscriptionParams,
    options?: transcription.TranscribeAsyncOptions,
  ): Promise<WithMeta<Transcription>> {
    return transcription.transcribeAsync(this, file, params, options);
  }

  /** `GET /v1/models` on the edge a request for `model` would use (or the default route). */
  listModels(options?: RequestOptions & { model?: string }): Promise<WithMeta<ModelList>> {
    return models.listModels(this, options);
  }

  /** What every edge of this connection serves now (live `GET /v1/models`, cached 5 min). */
  listServedModels(options?: { signal?: AbortSignal }): Promise<ServedModel[]> {
    return served.listServedModels(this, options);
  }

  /** One model of {@link listServedModels}, or `undefined` when no edge serves it now. */
  getServedModel(id: string, options?: { signal?: AbortSignal }): Promise<ServedModel | undefined> {
    return served.getServedModel(this, id, options);
  }

  /** `GET /health` at the edge root. Unauthenticated: the key is not sent. */
  health(options?: RequestOptions): Promise<WithMeta<HealthStatus>> {
    return models.health(this, options);
  }

  /** `GET /v1/models/status`. */
  getModelStatus(options?: RequestOptions): Promise<WithMeta<ModelStatus>> {
    return models.getModelStatus(this, options);
  }

  /**
   * `POST /v1/models/load`.
   * @remarks operator-only: ordinary keys get a 403 {@link PermissionError}.
   */
  loadModel(
    body: LoadModelRequest,
    options?: RequestOptions,
  ): Promise<WithMeta<LoadModelResponse>> {
    return operator.loadModel(this, body, options);
  }

  /**
   * `POST /v1/models/unload`.
   * @remarks operator-only.
   */
  unloadModel(
    body: { model_name: string },
    options?: RequestOptions,
  ): Promise<WithMeta<UnloadModelResponse>> {
    return operator.unloadModel(this, body, options);
  }

  /**
   * `POST /v1/models/unload-all`.
   * @remarks operator-only.
   */
  unloadAllModels(options?: RequestOptions): Promise<WithMeta<UnloadAllModelsResponse>> {
    return operator.unloadAllModels(this, options);
  }

  /**
   * `GET /v1/gpu/status`.
   * @remarks operator-only.
   */
  getGPUStatus(options?: RequestOptions): Promise<WithMeta<GPUStatus>> {
    return operator.getGPUStatus(this, options);
  }

  /**
   * `GET /v1/gpu/memory`.
   * @remarks operator-only.
   */
  getGPUMemory(options?: RequestOptions): Promise<WithMeta<GPUMemoryStatus>> {
    return operator.getGPUMemory(this, options);
  }

  /**
   * `POST /v1/gpu/purge`: unloads all models and clears the cache.
   * @remarks operator-only.
   */
  purgeGPU(body?: PurgeGPURequest, options?: RequestOptions): Promise<WithMeta<PurgeGPUResponse>> {
    return operator.purgeGPU(this, body, options);
  }
}
