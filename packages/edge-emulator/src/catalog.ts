/** The `pg_model_type` of a model served by the emulator. */
export type ModelType = 'llm' | 'embedding' | 'tts' | 'stt';

const KNOWN: Record<string, ModelType> = {
  'qwen-3.8-27b': 'llm',
  'qwen-3.5-27b': 'llm',
  'qwen-3.5-9b': 'llm',
  'qwen-3.6-35b-a3b': 'llm',
  'pg-embed-v1': 'embedding',
  'kokoro-82m': 'tts',
  'tada-3b-ml': 'tts',
  'whisper-large-v3-turbo': 'stt',
  'cohere-transcribe-03-2026': 'stt',
};

/** The type of a model id; unknown ids are classified by name so custom edges just work. */
export function modelType(id: string): ModelType {
  const known = KNOWN[id];
  if (known) return known;
  const lower = id.toLowerCase();
  if (lower.includes('embed')) return 'embedding';
  if (lower.includes('whisper') || lower.includes('transcribe') || lower.includes('stt')) {
    return 'stt';
  }
  if (lower.includes('kokoro') || lower.includes('tada') || lower.includes('tts')) return 'tts';
  return 'llm';
}

/** The 8 kokoro voices PolarGrid exposes (§4.7). */
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
