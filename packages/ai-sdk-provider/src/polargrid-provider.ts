import {
  type EmbeddingModelV4,
  type LanguageModelV4,
  LoadAPIKeyError,
  NoSuchModelError,
  type ProviderV4,
  type SpeechModelV4,
  type TranscriptionModelV4,
} from '@ai-sdk/provider';
import { resolve } from '@ai-sdk/provider-utils';
import { EdgeClient, getEnv, type PolarGridClientOptions } from '@polargrid/core';
import { PolarGridChatLanguageModel } from './chat/polargrid-chat-language-model.js';
import { PolarGridCompletionLanguageModel } from './completion/polargrid-completion-language-model.js';
import type { PolarGridEmbeddingSettings } from './embedding/polargrid-embedding-options.js';
import { PolarGridEmbeddingModel } from './embedding/polargrid-embedding-model.js';
import type { PolarGridModelConfig } from './polargrid-config.js';
import type {
  PolarGridChatModelId,
  PolarGridCompletionModelId,
  PolarGridEmbeddingModelId,
  PolarGridSpeechModelId,
  PolarGridTranscriptionModelId,
} from './polargrid-model-ids.js';
import { PolarGridSpeechModel } from './speech/polargrid-speech-model.js';
import { PolarGridTranscriptionModel } from './transcription/polargrid-transcription-model.js';
import { VERSION } from './version.js';

/** Settings of {@link createPolarGrid}. Every one is optional. */
export interface PolarGridProviderSettings {
  /**
   * `pg_*` API key, or a (possibly async) function returning it, resolved on every request.
   * Default: env `POLARGRID_API_KEY`. Sent only to edges, never to the autorouter.
   */
  apiKey?: string | (() => string | PromiseLike<string>);
  /** Pin a region by id or alias, e.g. `yto-01` or `toronto`. Env: `POLARGRID_REGION`. */
  region?: string;
  /** An explicit edge base URL (with or without `/v1`); disables routing. Env: `POLARGRID_BASE_URL`. */
  baseURL?: string;
  /** Autorouter base URL. Env: `POLARGRID_AUTOROUTER_URL`. */
  autorouterURL?: string;
  /** Edge base URLs by region id (the emulator hands these out). Env: `POLARGRID_EDGE_URLS`. */
  edgeURLs?: Record<string, string>;
  /** Regions tried in order when the autorouter fails or an edge is down. */
  fallbackRegions?: readonly string[];
  /** Extra headers on every edge request (per-call `headers` are added after these). */
  headers?:
    | Record<string, string | undefined>
    | (() => Record<string, string | undefined> | PromiseLike<Record<string, string | undefined>>);
  /** Custom `fetch` (middleware, testing). */
  fetch?: typeof globalThis.fetch;
  /**
   * Report token usage from streams. Default true. The core always sends
   * `stream_options.include_usage` (project decision D6), so `false` only stops reporting it.
   */
  includeUsage?: boolean;
  /** Per-attempt timeout to response headers, in ms. Default 30 000. */
  timeout?: number;
  /** Longest silence inside a stream, in ms. Default 60 000. */
  streamIdleTimeout?: number;
  /** How many other edges a request may fail over to before any byte arrived. Default 2. */
  maxFailovers?: number;
  /** Timeout of the autorouter lookup, in ms. Default 2 000. */
  discoveryTimeout?: number;
  /** Debug output (never contains the key): `true` for `console.debug`, or a function. */
  debug?: PolarGridClientOptions['debug'];
  /** Allow use from a browser page (anyone can read a key shipped to a page). Default false. */
  dangerouslyAllowBrowser?: boolean;
}

/** The PolarGrid provider: callable (`polargrid('qwen-3.8-27b')`) and a `ProviderV4`. */
export interface PolarGridProvider extends ProviderV4 {
  /** A chat model. */
  (modelId: PolarGridChatModelId): LanguageModelV4;
  /** A chat model (`/v1/chat/completions`). */
  languageModel(modelId: PolarGridChatModelId): LanguageModelV4;
  /** A chat model (`/v1/chat/completions`). */
  chat(modelId: PolarGridChatModelId): LanguageModelV4;
  /** A chat model (`/v1/chat/completions`). */
  chatModel(modelId: PolarGridChatModelId): LanguageModelV4;
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
  /** A text-to-speech model (`/v1/audio/speech`). */
  speech(modelId: PolarGridSpeechModelId): SpeechModelV4;
  /** A text-to-speech model (`/v1/audio/speech`). */
  speechModel(modelId: PolarGridSpeechModelId): SpeechModelV4;
  /** A speech-to-text model (`/v1/audio/transcriptions`). */
  transcription(modelId: PolarGridTranscriptionModelId): TranscriptionModelV4;
  /** A speech-to-text model (`/v1/audio/transcriptions`). */
  transcriptionModel(modelId: PolarGridTranscriptionModelId): TranscriptionModelV4;
  /** PolarGrid has no image models: always throws `NoSuchModelError`. */
  imageModel(modelId: string): never;
}

const MISSING_KEY =
  'PolarGrid API key is missing. Pass it using the `apiKey` setting of createPolarGrid() or the POLARGRID_API_KEY environment variable.';

/**
 * Creates a PolarGrid provider. Nothing is resolved or validated here: the key is read per
 * request (so a provider can be created before the key exists), and the one shared edge client
 * (route cache and single-flight lookups) is built on first use.
 */
export function createPolarGrid(settings: PolarGridProviderSettings = {}): PolarGridProvider {
  const apiKey = async (): Promise<string> => {
    const key =
      settings.apiKey !== undefined ? await resolve(settings.apiKey) : getEnv('POLARGRID_API_KEY');
    if (typeof key !== 'string' || key === '') throw new LoadAPIKeyError({ message: MISSING_KEY });
    return key;
  };

  let client: EdgeClient | undefined;
  const getClient = (): EdgeClient => {
    client ??= new EdgeClient({
      apiKey,
      region: settings.region,
      baseURL: settings.baseURL,
      autorouterURL: settings.autorouterURL,
      edgeURLs: settings.edgeURLs,
      fallbackRegions: settings.fallbackRegions,
      fetch: settings.fetch,
      headers: settings.headers,
      timeout: settings.timeout,
      streamIdleTimeout: settings.streamIdleTimeout,
      // `ai` retries (maxRetries, honouring retry-after); the core must not retry underneath it.
      maxRetries: 0,
      maxFailovers: settings.maxFailovers,
      discoveryTimeout: settings.discoveryTimeout,
      debug: settings.debug,
      dangerouslyAllowBrowser: settings.dangerouslyAllowBrowser,
      clientName: `ai-sdk/polargrid/${VERSION}`,
    });
    return client;
  };

  const config = (kind: string): PolarGridModelConfig => ({
    provider: `polargrid.${kind}`,
    client: getClient,
    includeUsage: settings.includeUsage ?? true,
  });

  const createChatModel = (modelId: PolarGridChatModelId) =>
    new PolarGridChatLanguageModel(modelId, config('chat'));
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

  const provider = function (this: unknown, modelId: PolarGridChatModelId) {
    if (new.target) {
      throw new Error('The PolarGrid provider cannot be called with the new keyword.');
    }
    return createChatModel(modelId);
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
  });
  return provider;
}

/** The default provider: key from `POLARGRID_API_KEY`, edge from the autorouter. */
export const polargrid: PolarGridProvider = createPolarGrid();
