export { createPolarGrid, polargrid } from './polargrid-provider.js';
export type { PolarGridProvider, PolarGridProviderSettings } from './polargrid-provider.js';
export type {
  PolarGridChatModelId,
  PolarGridCompletionModelId,
  PolarGridEmbeddingModelId,
  PolarGridSpeechModelId,
  PolarGridTranscriptionModelId,
} from './polargrid-model-ids.js';
export type {
  PolarGridChatSettings,
  PolarGridLanguageModelOptions,
  PolarGridReasoningEcho,
} from './chat/polargrid-chat-options.js';
export type {
  PolarGridEmbeddingModelOptions,
  PolarGridEmbeddingSettings,
} from './embedding/polargrid-embedding-options.js';
export type { PolarGridSpeechModelOptions } from './speech/polargrid-speech-options.js';
export type { PolarGridTranscriptionModelOptions } from './transcription/polargrid-transcription-options.js';
export { isPolarGridAPICallError, type PolarGridErrorData } from './polargrid-error.js';
export type { PolarGridProviderMetadata } from './shared/provider-metadata.js';
export {
  PolarGridRealtimeModel,
  type PolarGridRealtimeModelId,
} from './realtime/polargrid-realtime-model.js';
export { VERSION } from './version.js';
export {
  createSpeechResponse,
  type SpeechAudio,
  type SpeechPartWriter,
  type SpeechResponseOptions,
  type WriteSpeechPartsOptions,
  writeSpeechParts,
} from './voice-server/speech-response.js';
export {
  createTranscriptionRoute,
  type TranscriptionRoute,
  type TranscriptionRouteOptions,
} from './voice-server/transcription-route.js';
export {
  SPEECH_PART_TYPE,
  SPEECH_SAMPLE_RATE,
  type SpeechPartData,
  type TranscriptEvent,
} from './voice-wire.js';
