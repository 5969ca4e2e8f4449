/**
 * CONTRACT SKELETON — implemented by the core transport work (issue 2).
 * Adapters (AI SDK provider, LangChain) use only this class and the stream event types.
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
import type { ChatResult, CompletionResult } from '../stream/chat-result.js';
import type { ChatStreamEvent, CompletionStreamEvent } from '../stream/events.js';
import type { PolarGridClientOptions, RequestOptions, ResponseMeta, WithMeta } from './options.js';

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

/**
 * The one edge client. It resolves the edge (pinned region, explicit base URL, or the autorouter
 * with TTL cache and single-flight), attaches the key, applies timeouts, retries 429/5xx with
 * jittered backoff honouring `Retry-After`, fails over to the next edge on connection errors and
 * 502/503/504 before any response byte, re-routes once with `?model=` on a 404 "Model not loaded",
 * and turns every failure into a typed {@link PolarGridError}.
 *
 * Bad input is rejected with a {@link ValidationError} before any network call.
 */
export declare class EdgeClient {
  constructor(options?: PolarGridClientOptions);
  /** The effective options with the key redacted (safe to log or serialise). */
  toJSON(): Record<string, unknown>;
  /** Resolves the edge that a request for `model` would go to now. Never sends the key. */
  resolveRoute(options?: { model?: string; signal?: AbortSignal }): Promise<ResolvedRoute>;

  /** `POST /v1/chat/completions` (non-streamed), decoded and normalised. */
  createChatCompletion(
    body: ChatCompletionRequest,
    options?: RequestOptions,
  ): Promise<WithMeta<ChatCompletion> & { result: ChatResult }>;
  /** Streamed chat: sends `stream: true` and `stream_options.include_usage: true`. */
  streamChatCompletion(
    body: ChatCompletionRequest,
    options?: RequestOptions,
  ): Promise<EventStream<ChatStreamEvent>>;
  createCompletion(
    body: CompletionRequest,
    options?: RequestOptions,
  ): Promise<WithMeta<Completion> & { result: CompletionResult }>;
  streamCompletion(
    body: CompletionRequest,
    options?: RequestOptions,
  ): Promise<EventStream<CompletionStreamEvent>>;
  /** `POST /v1/embeddings` with `encoding_format: 'float'`; routes with `?model=`. A 404 names model and region (D1). */
  createEmbeddings(
    body: EmbeddingsRequest,
    options?: RequestOptions,
  ): Promise<WithMeta<EmbeddingsResponse>>;
  /** `POST /v1/audio/speech`; the whole clip. */
  createSpeech(
    body: SpeechRequest,
    options?: RequestOptions,
  ): Promise<WithMeta<{ audio: Uint8Array; contentType: string }>>;
  /** `POST /v1/audio/speech` with `stream: true`; raw audio chunks as they arrive. */
  streamSpeech(body: SpeechRequest, options?: RequestOptions): Promise<EventStream<Uint8Array>>;
  /** `POST /v1/audio/transcriptions?sync=true`. */
  transcribe(
    file: Blob,
    params: TranscriptionParams,
    options?: RequestOptions,
  ): Promise<WithMeta<Transcription>>;
  /** `POST /v1/audio/transcriptions?stream=true`. */
  streamTranscription(
    file: Blob,
    params: TranscriptionParams,
    options?: RequestOptions,
  ): Promise<EventStream<TranscriptionStreamEvent>>;
  /** Default async mode: 202 + job; then polls `GET ?job_id=` until done. */
  transcribeAsync(
    file: Blob,
    params: TranscriptionParams,
    options?: RequestOptions & { pollIntervalMs?: number },
  ): Promise<WithMeta<Transcription>>;
  listModels(options?: RequestOptions & { model?: string }): Promise<WithMeta<ModelList>>;
  health(options?: RequestOptions): Promise<WithMeta<HealthStatus>>;
  getModelStatus(options?: RequestOptions): Promise<WithMeta<ModelStatus>>;
}
