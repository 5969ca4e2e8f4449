/**
 * Speech and transcription on the surfaces that offer them: the core's `PolarGrid` SDK surface and
 * the AI SDK provider (`generateSpeech`, `transcribe`). LangChain has no audio classes.
 */
import { createPolarGrid } from '@polargrid/ai-sdk-provider';
import { PolarGrid } from '@polargrid/core/sdk';
import { generateSpeech, transcribe } from 'ai';
import { viewError } from './errors.ts';
import type { ConnectionOptions, Observed } from './surfaces.ts';

export const AUDIO_SURFACES = ['core.audio', 'ai.audio'] as const;
export type AudioSurface = (typeof AUDIO_SURFACES)[number];

export interface SpeechInput {
  kind: 'speech';
  input: string;
  format?: string;
  speed?: number;
}
export interface TranscriptionInput {
  kind: 'transcription';
  file: Blob;
}

type AudioObserved = Omit<Observed, 'surface'> & {
  surface: AudioSurface;
  /** Warnings the framework returned (the AI SDK reports unsupported settings this way). */
  warnings: string[];
};

function result(surface: AudioSurface, error?: unknown, warnings: string[] = []): AudioObserved {
  return {
    surface,
    warnings,
    ok: error === undefined,
    text: '',
    finish: undefined,
    error: error === undefined ? undefined : viewError(error),
    rawError: error,
    region: undefined,
  };
}

export async function runAudio(
  surface: AudioSurface,
  conn: ConnectionOptions,
  input: SpeechInput | TranscriptionInput,
): Promise<AudioObserved> {
  try {
    if (surface === 'core.audio') {
      const pg = new PolarGrid(conn);
      if (input.kind === 'speech') {
        await pg.textToSpeech({
          model: 'kokoro-82m',
          input: input.input,
          voice: 'af_bella',
          responseFormat: input.format as 'mp3' | undefined,
          speed: input.speed,
        });
      } else {
        await pg.transcribe({ file: input.file, model: 'whisper-large-v3-turbo' });
      }
    } else {
      const provider = createPolarGrid(conn);
      if (input.kind === 'speech') {
        const speech = await generateSpeech({
          model: provider.speech('kokoro-82m'),
          text: input.input,
          voice: 'af_bella',
          outputFormat: input.format,
          speed: input.speed,
          maxRetries: 0,
        });
        return result(
          surface,
          undefined,
          speech.warnings.map((w) => JSON.stringify(w)),
        );
      } else {
        await transcribe({
          model: provider.transcription('whisper-large-v3-turbo'),
          audio: new Uint8Array(await input.file.arrayBuffer()),
          maxRetries: 0,
        });
      }
    }
    return result(surface);
  } catch (error) {
    return result(surface, error);
  }
}
