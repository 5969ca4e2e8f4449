/**
 * `@polargrid/core`: the PolarGrid edge transport (routing, auth, HTTP, typed errors, SSE
 * decoding into normalised events). The official-SDK shape (`PolarGrid`) is `@polargrid/core/sdk`.
 */
export type * from './types/chat-types.js';
export type * from './types/other-types.js';
export type * from './types/operator-types.js';
export type { EventStream } from './connection/edge-io.js';
export { CORE_VERSION, PolarGridEdge, type ResolvedRoute } from './connection/polargrid-edge.js';
// Endpoints as functions of a PolarGridEdge: a bundle keeps only the ones it calls.
export { createChatCompletion, streamChatCompletion } from './endpoints/chat.js';
export { createCompletion, streamCompletion } from './endpoints/completions.js';
export { createEmbeddings } from './endpoints/embeddings.js';
export { getModelStatus, health, listModels } from './endpoints/models.js';
export { getServedModel, listServedModels } from './endpoints/served-models.js';
export { LIVE_CATALOG_TTL_SECONDS, type ServedModel } from './routing/live-catalog.js';
export {
  getGPUMemory,
  getGPUStatus,
  loadModel,
  purgeGPU,
  unloadAllModels,
  unloadModel,
} from './endpoints/operator.js';
export { createSpeech, streamSpeech } from './endpoints/speech.js';
export {
  streamTranscription,
  type TranscribeAsyncOptions,
  transcribe,
  transcribeAsync,
} from './endpoints/transcription.js';
export { parseEdgeURLs } from './connection/config.js';
export type {
  PolarGridClientOptions,
  HedgeOptions,
  PolarGridLogger,
  RequestOptions,
  Resolvable,
  ResponseMeta,
  RouteSource,
  WithMeta,
} from './types/options.js';
export * from './errors/index.js';
export * from './regions/index.js';
export {
  getModelCapabilities,
  KOKORO_VOICES,
  MODEL_CATALOG,
} from './catalog/models.js';
export type { ModelCapabilities, ModelType } from './types/model-capabilities.js';
export * from './stream/index.js';
// Voice pipelines (sentence-by-sentence speech, segmented transcription): `@polargrid/core/voice`.
