import { CONTEXT_WINDOWS } from './context-windows.js';

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
  /** Context window in tokens, when documented (from {@link CONTEXT_WINDOWS}). */
  contextWindow: number | undefined;
  /** Largest `max_tokens` the edge accepts. */
  maxOutputTokens: number | undefined;
  /** Regions listed on the model's page. */
  regions: readonly string[];
  /** Retired models answer 404 `model_not_loaded`; `retiredOn` is the ISO date. */
  retired: boolean;
  retiredOn?: string | undefined;
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

const base = {
  tools: false,
  reasoning: false,
  structuredOutput: false,
  vision: false,
  maxOutputTokens: undefined,
  retired: false,
} as const;

/** The catalogue's entries; `contextWindow` is added from {@link CONTEXT_WINDOWS}. */
const ENTRIES: readonly Omit<ModelCapabilities, 'contextWindow'>[] = [
  {
    ...base,
    id: 'qwen-3.8-27b',
    type: 'chat',
    tools: true,
    reasoning: true,
    structuredOutput: true,
    maxOutputTokens: 4096,
    regions: ['yvr-02', 'yto-01', 'yul-01'],
    notes: 'Current public LLM: tools and thinking, 256K context.',
  },
  {
    ...base,
    id: 'qwen-3.5-27b',
    type: 'chat',
    reasoning: true,
    maxOutputTokens: 4096,
    regions: ['yvr-02', 'yto-01', 'yul-01'],
    retired: true,
    retiredOn: '2026-08-20',
    notes: 'Retired; requests get 404 model_not_loaded. Use qwen-3.8-27b.',
  },
  {
    ...base,
    id: 'qwen-3.5-9b',
    type: 'chat',
    reasoning: true,
    maxOutputTokens: 4096,
    regions: ['yvr-01'],
    notes: 'Legacy; no tools.',
  },
  {
    ...base,
    id: 'kokoro-82m',
    type: 'tts',
    regions: ['yvr-02'],
    voices: KOKORO_VOICES,
  },
  {
    ...base,
    id: 'tada-3b-ml',
    type: 'tts',
    regions: ['yvr-02'],
    languages: ['en', 'fr', 'de', 'es', 'it', 'pt', 'pl', 'ja', 'ar', 'zh'],
    notes: 'Voice cloning: voice is "default", a URL or a base64 WAV clip.',
  },
  { ...base, id: 'whisper-large-v3-turbo', type: 'stt', regions: ['yvr-02'] },
  { ...base, id: 'cohere-transcribe-03-2026', type: 'stt', regions: ['yvr-02'] },
  {
    ...base,
    id: 'pg-embed-v1',
    type: 'embedding',
    regions: ['yto-01', 'yul-01', 'yvr-02'],
    emulatorOnly: true,
    notes: 'Emulator-only: PolarGrid publishes no embedding model (D1).',
  },
];

/**
 * Per-model capability data. The adapters derive their capability tables from this.
 * (Marked pure so a bundle that never reads the catalogue drops it.)
 */
export const MODEL_CATALOG: readonly ModelCapabilities[] = /* @__PURE__ */ ENTRIES.map((model) => ({
  ...model,
  contextWindow: CONTEXT_WINDOWS.get(model.id),
}));

let byId: Map<string, ModelCapabilities> | undefined;

/** Capability data for a model id, or undefined for ids the catalogue does not know. */
export function getModelCapabilities(id: string): ModelCapabilities | undefined {
  byId ??= new Map(MODEL_CATALOG.map((m) => [m.id, m]));
  return byId.get(id);
}
