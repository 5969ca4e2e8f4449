/**
 * `@polargrid/core`: one connection to PolarGrid's edges ({@link PolarGridEdge}: routing, auth,
 * retries, failover, typed errors) and the endpoints as functions of it, with streams decoded
 * into normalized events. What users call and the types they write down; nothing else.
 *
 * The official-SDK shape (`PolarGrid`, camelCase) is `@polargrid/core/sdk`; the voice pipelines
 * are `@polargrid/core/voice`.
 *
 * @module
 */

// The connection and its options.
export { PolarGridEdge } from './connection/polargrid-edge.js';
export type { EventStream } from './connection/edge-io.js';
export type {
  HedgeOptions,
  PolarGridClientOptions,
  RequestOptions,
  ResponseMeta,
} from './types/options.js';

// The endpoints, each a function of an edge: a bundle keeps only the ones it calls.
export { createChatCompletion, streamChatCompletion } from './endpoints/chat.js';
export { createCompletion, streamCompletion } from './endpoints/completions.js';
export { createEmbeddings } from './endpoints/embeddings.js';
export { getModelStatus, health, listModels } from './endpoints/models.js';
export { getServedModel, listServedModels } from './endpoints/served-models.js';
export { createSpeech, streamSpeech } from './endpoints/speech.js';
export { streamTranscription, transcribe, transcribeAsync } from './endpoints/transcription.js';
export {
  getGPUMemory,
  getGPUStatus,
  loadModel,
  purgeGPU,
  unloadAllModels,
  unloadModel,
} from './endpoints/operator.js';

// What a request says.
export type { ChatCompletionRequest, ChatMessage } from './types/chat-types.js';
export type {
  CompletionRequest,
  EmbeddingsRequest,
  SpeechRequest,
  TranscriptionParams,
} from './types/other-types.js';

// What comes back.
export type { ChatResult } from './stream/chat-result.js';
export type {
  ChatStreamEvent,
  FinishReason,
  TokenUsage,
  TranscriptionStreamEvent,
} from './stream/events.js';

// Errors: one base class, a class per failure kind.
export * from './errors/index.js';

// Models and regions.
export { getModelCapabilities, MODEL_CATALOG } from './catalog/models.js';
export type { ModelCapabilities } from './types/model-capabilities.js';
export { REGIONS } from './regions/table.js';
