/**
 * Per-answer metadata the routes attach to the assistant UI message (`messageMetadata`) and the
 * UI shows under each answer. Shared by server and client, so it holds types and pure helpers only.
 */
import type { SpeechPartData } from '@polargrid/ai-sdk-provider';
import type { PolarGridRunMetadata } from '@polargrid/langchain';
import type { UIMessage } from 'ai';

export type ChatBackend = 'ai-sdk' | 'langchain';

/**
 * The edge fields (region, request id, time to first token, token usage, steps) are the ones
 * `@polargrid/langchain`'s `tapLangGraphMetadata` collects; the AI SDK route fills the same.
 */
export interface ChatMetadata extends PolarGridRunMetadata {
  backend?: ChatBackend;
  model?: string;
}

/**
 * Data parts of the chat stream. `speech` carries the spoken answer (`writeSpeechParts`: 24 kHz
 * 16-bit mono PCM as base64, then its end) while the text streams; it is transient, so it never
 * enters the message history.
 */
export type ChatDataParts = {
  speech: SpeechPartData;
};

export type ChatUIMessage = UIMessage<ChatMetadata, ChatDataParts>;

/** The body the client sends next to the messages. */
export interface ChatRequestBody {
  messages: ChatUIMessage[];
  model?: string;
  thinking?: boolean;
  /** Speak the answer while it streams (audio arrives as `data-speech` parts). */
  speak?: boolean;
}

export const DEFAULT_MODEL = 'qwen-3.8-27b';
/** The voice models of the demo: PolarGrid's kokoro for answers, whisper for the microphone. */
export const SPEECH_MODEL = 'kokoro-82m';
export const SPEECH_VOICE = 'af_bella';
export const TRANSCRIPTION_MODEL = 'whisper-large-v3-turbo';
/** Both directions use what PolarGrid speech makes: 24 kHz, 16-bit, mono PCM. */
export const VOICE_SAMPLE_RATE = 24_000;
