/**
 * `@polargrid/core`: the PolarGrid edge transport (routing, auth, HTTP, typed errors, SSE
 * decoding into normalised events) and the official-SDK surface (`PolarGrid`).
 */
export type * from './api/chat-types.js';
export type * from './api/other-types.js';
export type * from './endpoints/operator-types.js';
export { EdgeClient } from './client/edge-client.js';
export type { EventStream } from './client/edge-io.js';
export { CORE_VERSION, PolarGridEdge, type ResolvedRoute } from './client/polargrid-edge.js';
// Endpoints as functions of a PolarGridEdge: a bundle keeps only the ones it calls.
export { createChatCompletion, streamChatCompletion } from './endpoints/chat.js';
export { createCompletion, streamCompletion } from './endpoints/completions.js';
export { createEmbeddings } from './endpoints/embeddings.js';
export { getModelStatus, health, listModels } from './endpoints/models.js';
export { getServedModel, listServedModels } from './endpoints/served-models.js';
export { LIVE_CATALOG_TTL_SECONDS, type ServedModel } from './catalog/live-catalog.js';
export type { HedgeOptions } from './http/hedge.js';
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
export { parseEdgeURLs } from './client/config.js';
export type {
  PolarGridClientOptions,
  PolarGridLogger,
  RequestOptions,
  Resolvable,
  ResponseMeta,
  RouteSource,
  WithMeta,
} from './client/options.js';
export * from './errors/index.js';
export * from './regions/index.js';
export {
  getModelCapabilities,
  KOKORO_VOICES,
  MODEL_CATALOG,
  type ModelCapabilities,
  type ModelType,
} from './catalog/models.js';
export * from './sdk/index.js';
export * from './stream/index.js';
// Voice pipelines (sentence-by-sentence speech, segmented transcription): `@polargrid/core/voice`.
