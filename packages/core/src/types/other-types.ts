/** Wire types for the non-chat endpoints. Names stay snake_case, as on the wire. */
import type { WireUsage } from './chat-types.js';

/** The body of `POST /v1/completions` (text completion); the stream flags are set by the endpoint functions. */
export interface CompletionRequest {
  model: string;
  prompt: string | string[];
  /** Output limit; unset, the model's own limit from the catalogue, as in chat (D5). */
  max_tokens?: number;
  temperature?: number;
  top_p?: number;
  top_k?: number;
  frequency_penalty?: number;
  presence_penalty?: number;
  stop?: string[] | string;
  seed?: number;
  user?: string;
  echo?: boolean;
  suffix?: string;
  stream?: boolean;
  stream_options?: { include_usage?: boolean };
  [extra: string]: unknown;
}

export interface Completion {
  id: string;
  object: 'text_completion';
  created: number;
  model: string;
  choices: Array<{ index: number; text: string; finish_reason: string | null }>;
  usage?: WireUsage;
}

/** The body of `POST /v1/embeddings` (decision D1); `encoding_format` is always `float`. */
export interface EmbeddingsRequest {
  model: string;
  input: string | string[];
  /** Always sent as `float` by this package. */
  encoding_format?: 'float';
  dimensions?: number;
  user?: string;
}

export interface EmbeddingsResponse {
  object: 'list';
  model: string;
  data: Array<{ object: 'embedding'; index: number; embedding: number[] }>;
  usage?: { prompt_tokens?: number; total_tokens?: number };
}

export type SpeechFormat = 'pcm' | 'wav' | 'mp3' | 'opus';

/** The body of `POST /v1/audio/speech`; `response_format` is always sent (the server's default is pcm). */
export interface SpeechRequest {
  model: string;
  input: string;
  voice: string;
  /** Always sent: the server default is `pcm`, not OpenAI's `mp3`. */
  response_format: SpeechFormat;
  speed?: number;
  language?: string;
  voice_transcript?: string;
  stream?: boolean;
}

export type TranscriptionFormat = 'json' | 'text' | 'srt' | 'vtt' | 'verbose_json';

/** Query parameters of `POST /v1/audio/transcriptions` (the multipart body holds only `file`). */
export interface TranscriptionParams {
  model: string;
  language?: string;
  prompt?: string;
  response_format?: TranscriptionFormat;
  temperature?: number;
  punctuation?: boolean;
}

export interface TranscriptionSegment {
  id?: number;
  start: number;
  end: number;
  text: string;
  [extra: string]: unknown;
}

export interface Transcription {
  text: string;
  language?: string;
  duration?: number;
  segments?: TranscriptionSegment[];
  [extra: string]: unknown;
}

export interface TranscriptionJob {
  job_id: string;
  status: string;
  poll_url?: string;
  result?: Transcription;
  error?: unknown;
  [extra: string]: unknown;
}

export interface ModelInfo {
  id: string;
  object?: 'model';
  owned_by?: string;
  pg_model_type?: string;
  [extra: string]: unknown;
}

export interface ModelList {
  object?: 'list';
  data: ModelInfo[];
}

export interface HealthStatus {
  status: 'healthy' | 'degraded' | 'unhealthy' | (string & {});
  node?: string;
  runtime?: string;
  timestamp?: string;
  features?: Record<string, boolean>;
  backend?: { healthy: boolean; info?: Record<string, unknown> };
  [extra: string]: unknown;
}

export interface ModelStatus {
  loaded: string[];
  loading_status: Record<string, 'loaded' | 'loading' | 'unloaded' | 'failed' | (string & {})>;
  repository?: string;
}
