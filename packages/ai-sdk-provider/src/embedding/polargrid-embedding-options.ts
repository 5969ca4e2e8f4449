import { z } from 'zod/v4';

/** `providerOptions.polargrid` for embedding models. */
export interface PolarGridEmbeddingModelOptions {
  /** End-user id (`user`). */
  user?: string;
}

export const polargridEmbeddingOptionsSchema = z.strictObject({ user: z.string().optional() });

/** Per-model settings given when the model is created. */
export interface PolarGridEmbeddingSettings {
  /** Override the per-call input limit (default: the model's data, else 256). */
  maxEmbeddingsPerCall?: number;
}

/**
 * Inputs per request, per model (D8 data). PolarGrid publishes no embedding model (D1); the
 * emulator's `pg-embed-v1` takes 256, which is also the default for ids without data.
 */
export const EMBEDDING_LIMITS: Readonly<Record<string, number>> = { 'pg-embed-v1': 256 };
export const DEFAULT_MAX_EMBEDDINGS_PER_CALL = 256;
