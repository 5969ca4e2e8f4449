import { z } from 'zod/v4';

/** `providerOptions.polargrid` for transcription models (sent as query parameters). */
export interface PolarGridTranscriptionModelOptions {
  /** ISO-639-1 language of the audio, e.g. `en`. */
  language?: string;
  /** Context hint for the recogniser. */
  prompt?: string;
  /** Sampling temperature, 0–1. */
  temperature?: number;
  /** Force (true) or forbid (false) punctuation. */
  punctuation?: boolean;
}

export const polargridTranscriptionOptionsSchema = z.strictObject({
  language: z
    .string()
    .regex(/^[a-z]{2}$/i, 'an ISO-639-1 code such as "en"')
    .optional(),
  prompt: z.string().optional(),
  temperature: z.number().min(0).max(1).optional(),
  punctuation: z.boolean().optional(),
});
