export type { Camelize, CamelKey } from './camel-types.js';
export {
  type ChatCompletionParams,
  type ChatCompletionResponse,
  type ChatCompletionStreamChunk,
  type CompletionParams,
  type CompletionResponse,
  type CompletionStreamChunk,
  type HealthResponse,
  type ModelListResponse,
  type ModelStatusResponse,
  PolarGrid,
  type PolarGridOptions,
  type TextToSpeechParams,
  type TranscribeParams,
  type TranscriptionResult,
} from './polargrid.js';
