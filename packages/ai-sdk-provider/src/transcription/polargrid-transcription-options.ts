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
  /**
   * `experimental_streamTranscribe` only: where PCM/WAV audio is cut into segments (see the
   * README). Defaults: a 300 ms pause ends a segment of at least 1 000 ms; at most 15 000 ms.
   */
  segmenting?: {
    minSilenceMs?: number;
    minSegmentMs?: number;
    maxSegmentMs?: number;
    /** RMS level below which audio is silence, as a fraction of full scale (default 0.01). */
    silenceThreshold?: number;
  };
}

export const polargridTranscriptionOptionsSchema = z.strictObject({
  language: z
    .string()
    .regex(/^[a-z]{2}$/i, 'an ISO-639-1 code such as "en"')
    .optional(),
  prompt: z.string().optional(),
  temperature: z.number().min(0).max(1).optional(),
  punctuation: z.boolean().optional(),
  segmenting: z
    .strictObject({
      minSilenceMs: z.number().min(10).max(10_000).optional(),
      minSegmentMs: z.number().min(0).max(60_000).optional(),
      maxSegmentMs: z.number().min(500).max(120_000).optional(),
      silenceThreshold: z.number().gt(0).lt(1).optional(),
    })
    .optional(),
});
