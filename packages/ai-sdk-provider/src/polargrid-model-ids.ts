/**
 * Model ids known to this release, from the core's catalogue data (D8). The ids are open
 * (`| (string & {})`): PolarGrid's catalogue churns, and any id an edge serves can be used.
 * Retired ids (`qwen-3.5-27b`, `qwen-3.5-9b`) are not offered: the core refuses them before
 * the network with code `model_retired`, naming the date and `qwen-3.8-27b` as the replacement.
 */

/** Chat models (`/v1/chat/completions`). */
export type PolarGridChatModelId = 'qwen-3.8-27b' | (string & {});

/** Text-completion models (`/v1/completions`); the chat models serve it too. */
export type PolarGridCompletionModelId = PolarGridChatModelId;

/** Embedding models. `pg-embed-v1` exists only on the edge emulator (D1). */
export type PolarGridEmbeddingModelId = 'pg-embed-v1' | (string & {});

/** Text-to-speech models (`/v1/audio/speech`). */
export type PolarGridSpeechModelId = 'kokoro-82m' | 'tada-3b-ml' | (string & {});

/** Speech-to-text models (`/v1/audio/transcriptions`). */
export type PolarGridTranscriptionModelId =
  | 'whisper-large-v3-turbo'
  | 'cohere-transcribe-03-2026'
  | (string & {});

/**
 * The known ids by kind, as runtime data. A test checks this list against the core's catalogue
 * (its entries that are not retired) so that the types above cannot silently drift from it.
 */
export const KNOWN_MODEL_IDS = {
  chat: ['qwen-3.8-27b'],
  embedding: ['pg-embed-v1'],
  tts: ['kokoro-82m', 'tada-3b-ml'],
  stt: ['whisper-large-v3-turbo', 'cohere-transcribe-03-2026'],
} as const satisfies Record<string, readonly string[]>;
