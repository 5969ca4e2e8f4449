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

/** A catalogue entry: what `fields` states over {@link BASE_CAPABILITIES}. */
function entry(
  fields: Pick<ModelCapabilities, 'id' | 'type' | 'regions'> & Partial<ModelCapabilities>,
): ModelCapabilities {
  return { ...BASE_CAPABILITIES, ...fields };
}

/**
 * The catalogue's entries: the chat models, then speech, transcription and embedding models.
 * Every call is marked pure, so a bundle that never reads the table (a chat-only app) drops it:
 * bundlers keep top-level spreads and calls they cannot prove free of side effects.
 */
export const MODEL_CATALOG: readonly ModelCapabilities[] = /* @__PURE__ */ CHAT_MODELS.concat([
  /* @__PURE__ */ entry({
    id: 'kokoro-82m',
    type: 'tts',
    regions: ['yvr-02'],
    voices: KOKORO_VOICES,
  }),
  /* @__PURE__ */ entry({
    id: 'tada-3b-ml',
    type: 'tts',
    regions: ['yvr-02'],
    languages: ['en', 'fr', 'de', 'es', 'it', 'pt', 'pl', 'ja', 'ar', 'zh'],
    notes: 'Voice cloning: voice is "default", a URL or a base64 WAV clip.',
  }),
  /* @__PURE__ */ entry({ id: 'whisper-large-v3-turbo', type: 'stt', regions: ['yvr-02'] }),
  /* @__PURE__ */ entry({ id: 'cohere-transcribe-03-2026', type: 'stt', regions: ['yvr-02'] }),
  /* @__PURE__ */ entry({
    id: 'pg-embed-v1',
    type: 'embedding',
    regions: ['yto-01', 'yul-01', 'yvr-02'],
    emulatorOnly: true,
    notes: 'Emulator-only: PolarGrid publishes no embedding model (D1).',
  }),
]);

/** Built on first use, so a bundle that never reads the catalogue drops it. */
let byId: Map<string, ModelCapabilities> | undefined;

/** Capability data for a model id, or undefined for ids the catalogue does not know. */
export function getModelCapabilities(id: string): ModelCapabilities | undefined {
  byId ??= new Map(MODEL_CATALOG.map((m) => [m.id, m]));
  return byId.get(id);
}
