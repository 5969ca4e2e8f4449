import { z } from 'zod/v4';

/** `providerOptions.polargrid` for speech models. */
export interface PolarGridSpeechModelOptions {
  /** tada-3b-ml: the exact words of the reference clip when `voice` is a URL or base64 WAV. */
  voiceTranscript?: string;
}

export const polargridSpeechOptionsSchema = z.strictObject({
  voiceTranscript: z.string().min(1).optional(),
});

/** Batch formats PolarGrid accepts; the server default is `pcm`, so one is always sent. */
export const SPEECH_FORMATS = ['wav', 'mp3', 'pcm'] as const;
export type PolarGridSpeechFormat = (typeof SPEECH_FORMATS)[number];
export const DEFAULT_SPEECH_FORMAT: PolarGridSpeechFormat = 'wav';

/** Voice used when the caller gives none (with a warning). OpenAI's `alloy` is not a PolarGrid voice. */
export const DEFAULT_VOICES: Readonly<Record<string, string>> = {
  'kokoro-82m': 'af_bella',
  'tada-3b-ml': 'default',
};
