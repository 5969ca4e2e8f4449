import {
  type EmbeddingModelV4,
  type Experimental_RealtimeFactoryV4,
  type Experimental_StreamingSpeechModelV4,
  type LanguageModelV4,
  NoSuchModelError,
  type ProviderV4,
  type TranscriptionModelV4,
} from '@ai-sdk/provider';
import { PolarGridChatLanguageModel } from './chat/polargrid-chat-language-model.js';
import type { PolarGridChatSettings } from './chat/polargrid-chat-options.js';
import { PolarGridCompletionLanguageModel } from './completion/polargrid-completion-language-model.js';
import type { PolarGridEmbeddingSettings } from './embedding/polargrid-embedding-options.js';
import { PolarGridEmbeddingModel } from './embedding/polargrid-embedding-model.js';
import { checkURLOptions } from '@polargrid/core/internal';
import { createClientFactory, serializableSettings } from './polargrid-client.js';
import { toAISDKError } from './polargrid-error.js';
import type { PolarGridModelConfig } from './polargrid-config.js';
import type {
  PolarGridChatModelId,
  PolarGridCompletionModelId,
  PolarGridEmbeddingModelId,
  PolarGridSpeechModelId,
  PolarGridTranscriptionModelId,
} from './polargrid-model-ids.js';
import { createRealtimeFactory } from './realtime/polargrid-realtime-model.js';
import { PolarGridSpeechModel } from './speech/polargrid-speech-model.js';
import { PolarGridTranscriptionModel } from './transcription/polargrid-transcription-model.js';
import type { PolarGridProviderSettings } from './polargrid-settings.js';

export type { PolarGridProviderSettings } from './polargrid-settings.js';

/** The PolarGrid provider: callable (`polargrid('qwen-3.8-27b')`) and a `ProviderV4`. */
export interface PolarGridProvider extends ProviderV4 {
  /** A chat model. */
  (modelId: PolarGridChatModelId, settings?: PolarGridChatSettings): LanguageModelV4;
  /** A chat model (`/v1/chat/completions`). */
  languageModel(modelId: PolarGridChatModelId, settings?: PolarGridChatSettings): LanguageModelV4;
  /** A chat model (`/v1/chat/completions`). */
  chat(modelId: PolarGridChatModelId, settings?: PolarGridChatSettings): LanguageModelV4;
  /** A chat model (`/v1/chat/completions`). */
  chatModel(modelId: PolarGridChatModelId, settings?: PolarGridChatSettings): LanguageModelV4;
  /** A text-completion model (`/v1/completions`). */
  completion(modelId: PolarGridCompletionModelId): LanguageModelV4;
  /** A text-completion model (`/v1/completions`). */
  completionModel(modelId: PolarGridCompletionModelId): LanguageModelV4;
  /** An embedding model (`/v1/embeddings`). */
  embedding(
    modelId: PolarGridEmbeddingModelId,
    settings?: PolarGridEmbeddingSettings,
  ): EmbeddingModelV4;
  /** An embedding model (`/v1/embeddings`). */
  embeddingModel(
    modelId: PolarGridEmbeddingModelId,
    settings?: PolarGridEmbeddingSettings,
  ): EmbeddingModelV4;
  /** @deprecated Use `embeddingModel` instead. */
  textEmbeddingModel(
    modelId: PolarGridEmbeddingModelId,
    settings?: PolarGridEmbeddingSettings,
  ): EmbeddingModelV4;
  /** A text-to-speech model (`/v1/audio/speech`); also streams (`experimental_streamSpeech`). */
  speech(modelId: PolarGridSpeechModelId): Experimental_StreamingSpeechModelV4;
  /** A text-to-speech model (`/v1/audio/speech`); also streams (`experimental_streamSpeech`). */
  speechModel(modelId: PolarGridSpeechModelId): Experimental_StreamingSpeechModelV4;
  /** A speech-to-text model (`/v1/audio/transcriptions`). */
  transcription(modelId: PolarGridTranscriptionModelId): TranscriptionModelV4;
  /** A speech-to-text model (`/v1/audio/transcriptions`). */
  transcriptionModel(modelId: PolarGridTranscriptionModelId): TranscriptionModelV4;
  /** PolarGrid has no image models: always throws `NoSuchModelError`. */
  imageModel(modelId: string): never;
  /**
   * Realtime speech-to-speech (`personaplex`) for `useRealtime`, through an application relay
   * (`@polargrid/ai-sdk-provider/realtime-relay`) that holds the key: PolarGrid issues no browser
   * tokens, so `getToken` rejects with a hint to the relay.
   */
  experimental_realtime: Experimental_RealtimeFactoryV4;
}

/**
 * Creates a PolarGrid provider. Nothing is resolved or validated here: the key is read per
 * request (so a provider can be created before the key exists), and the one shared edge client
 * (route cache and single-flight lookups) is built on first use.
 */
export function createPolarGrid(settings: PolarGridProviderSettings = {}): PolarGridProvider {
  // The client (and the key) come later, but a bad URL (credentials in it, another scheme) is
  // refused now, before the provider exists to be printed or used.
  try {
    checkURLOptions(settings);
  } catch (error) {
    throw toAISDKError(error, { path: '', body: undefined });
  }
  const getClient = createClientFactory(settings);
  const serialized = serializableSettings(settings);

  const config = (kind: string): PolarGridModelConfig => ({
    provider: `polargrid.${kind}`,
    client: getClient,
    includeUsage: settings.includeUsage ?? true,
    settings: serialized,
  });

  const createChatModel = (modelId: PolarGridChatModelId, chatSettings?: PolarGridChatSettings) =>
    new PolarGridChatLanguageModel(modelId, config('chat'), chatSettings);
  const createCompletionModel = (modelId: PolarGridCompletionModelId) =>
    new PolarGridCompletionLanguageModel(modelId, config('completion'));
  const createEmbeddingModel = (
    modelId: PolarGridEmbeddingModelId,
    embeddingSettings?: PolarGridEmbeddingSettings,
  ) => new PolarGridEmbeddingModel(modelId, config('embedding'), embeddingSettings);
  const createSpeechModel = (modelId: PolarGridSpeechModelId) =>
    new PolarGridSpeechModel(modelId, config('speech'));
  const createTranscriptionModel = (modelId: PolarGridTranscriptionModelId) =>
    new PolarGridTranscriptionModel(modelId, config('transcription'));

  const provider = function (
    this: unknown,
    modelId: PolarGridChatModelId,
    chatSettings?: PolarGridChatSettings,
  ) {
    if (new.target) {
      throw new Error('The PolarGrid provider cannot be called with the new keyword.');
    }
    return createChatModel(modelId, chatSettings);
  } as unknown as PolarGridProvider;

  Object.assign(provider, {
    specificationVersion: 'v4' as const,
    languageModel: createChatModel,
    chat: createChatModel,
    chatModel: createChatModel,
    completion: createCompletionModel,
    completionModel: createCompletionModel,
    embedding: createEmbeddingModel,
    embeddingModel: createEmbeddingModel,
    textEmbeddingModel: createEmbeddingModel,
    speech: createSpeechModel,
    speechModel: createSpeechModel,
    transcription: createTranscriptionModel,
    transcriptionModel: createTranscriptionModel,
    imageModel: (modelId: string): never => {
      throw new NoSuchModelError({ modelId, modelType: 'imageModel' });
    },
    experimental_realtime: createRealtimeFactory(),
  });
  return provider;
}

/** The default provider: key from `POLARGRID_API_KEY`, edge from the autorouter. */
export const polargrid: PolarGridProvider = createPolarGrid();
