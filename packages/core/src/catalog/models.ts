import type { ModelCapabilities } from '../types/model-capabilities.js';
import { BASE_CAPABILITIES, CHAT_MODELS } from './chat-models.js';

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
