import type { PolarGridEdge } from '@polargrid/core';
import type { GenerationMetrics } from './metrics.ts';
import type { DemoTarget } from './target.ts';

/** Model ids the demo uses (overridable by env for real PolarGrid). */
export interface DemoModels {
  chat: string;
  /** `undefined` when no embedding model is available (real PolarGrid lists none yet, D1). */
  embedding: string | undefined;
  speech: string;
  voice: string;
  transcription: string;
}

export interface DemoContext {
  target: DemoTarget;
  client: PolarGridEdge;
  models: DemoModels;
}

/** What a step reports for the summary. */
export interface StepResult {
  summary: string;
  metrics?: GenerationMetrics;
  /** Set when the step could not run here (not a failure). */
  skipped?: string;
}

/** One step of the demo. Steps are independent and run in order. */
export interface DemoStep {
  id: string;
  title: string;
  run(ctx: DemoContext): Promise<StepResult>;
}

export function demoModels(env: NodeJS.ProcessEnv, emulated: boolean): DemoModels {
  return {
    chat: env.POLARGRID_CHAT_MODEL ?? 'qwen-3.8-27b',
    // PolarGrid's public catalogue lists no embedding model; `pg-embed-v1` is the emulator's.
    embedding: env.POLARGRID_EMBEDDING_MODEL ?? (emulated ? 'pg-embed-v1' : undefined),
    speech: env.POLARGRID_SPEECH_MODEL ?? 'kokoro-82m',
    voice: env.POLARGRID_VOICE ?? 'af_bella',
    transcription: env.POLARGRID_TRANSCRIPTION_MODEL ?? 'whisper-large-v3-turbo',
  };
}
