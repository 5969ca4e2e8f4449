import { BASE_CAPABILITIES, CHAT_MODELS } from './chat-models.js';

/** What a model is for. */
export type ModelType = 'chat' | 'embedding' | 'tts' | 'stt';

/** Capability data for one model id (D8: data, refreshed by hand from PolarGrid's model pages). */
export interface ModelCapabilities {
  id: string;
  type: ModelType;
  /** OpenAI-shaped `tools` / `tool_calls` (D2). */
  tools: boolean;
  /** `enable_thinking` → inline `<think>` reasoning (D4). */
  reasoning: boolean;
  /** `response_format: json_schema` honoured (D3). */
  structuredOutput: boolean;
  /** Accepts `image_url` parts. */
  vision: boolean;
  /** Context window in tokens, when documented. */
  contextWindow: number | undefined;
  /** Largest `max_tokens` the edge accepts. */
  maxOutputTokens: number | undefined;
  /** Regions listed on the model's page. */
  regions: readonly string[];
  /**
   * No edge serves it any more (edges answer 404 `model_not_loaded`); the core refuses it before
   * the network with code `model_retired`, naming `retiredOn` and `replacement`.
   */
  retired: boolean;
  /** ISO date since which the model is retired. */
  retiredOn?: string | undefined;
  /** The model to use instead of a retired one. */
  replacement?: string | undefined;
  /** Not in PolarGrid's public catalogue (e.g. the emulator's embedding model). */
  emulatorOnly?: boolean | undefined;
  /** TTS: preset voices. */
  voices?: readonly string[] | undefined;
  /** STT/TTS languages, when listed. */
  languages?: readonly string[] | undefined;
  notes?: string | undefined;
}

/** The eight kokoro-82m voices PolarGrid exposes (§4.7). */
export const KOKORO_VOICES: readonly string[] = [
  'af_bella',
  'af_sarah',
  'am_adam',
  'am_michael',
  'bf_emma',
  'bf_isabella',
  'bm_george',
  'bm_lewis',
];

/** The catalogue's entries: the chat models, then speech, transcription and embedding models. */
export const MODEL_CATALOG: readonly ModelCapabilities[] = [
  ...CHAT_MODELS,
  {
    ...BASE_CAPABILITIES,
    id: 'kokoro-82m',
    type: 'tts',
    regions: ['yvr-02'],
    voices: KOKORO_VOICES,
  },
  {
    ...BASE_CAPABILITIES,
    id: 'tada-3b-ml',
    type: 'tts',
    regions: ['yvr-02'],
    languages: ['en', 'fr', 'de', 'es', 'it', 'pt', 'pl', 'ja', 'ar', 'zh'],
    notes: 'Voice cloning: voice is "default", a URL or a base64 WAV clip.',
  },
  { ...BASE_CAPABILITIES, id: 'whisper-large-v3-turbo', type: 'stt', regions: ['yvr-02'] },
  { ...BASE_CAPABILITIES, id: 'cohere-transcribe-03-2026', type: 'stt', regions: ['yvr-02'] },
  {
    ...BASE_CAPABILITIES,
    id: 'pg-embed-v1',
    type: 'embedding',
    regions: ['yto-01', 'yul-01', 'yvr-02'],
    emulatorOnly: true,
    notes: 'Emulator-only: PolarGrid publishes no embedding model (D1).',
  },
];

const byId = new Map(MODEL_CATALOG.map((m) => [m.id, m]));

/** Capability data for a model id, or undefined for ids the catalogue does not know. */
export function getModelCapabilities(id: string): ModelCapabilities | undefined {
  return byId.get(id);
}
