/**
 * The call settings every PolarGrid speech request shares, checked once for the whole-clip and the
 * streaming paths: the voice (a default with a warning when none is given; a catalogue check),
 * the speed range, the language (tada only), instructions (not supported).
 */
import { InvalidArgumentError, type SharedV4Warning } from '@ai-sdk/provider';
import type { SpeechPartSettings } from '@polargrid/core/voice';
import { capabilitiesOf } from '../shared/capabilities.js';
import { DEFAULT_VOICES } from './polargrid-speech-options.js';

/** The AI SDK call options that become PolarGrid speech settings. */
export interface SpeechCallSettings {
  voice?: string | undefined;
  speed?: number | undefined;
  language?: string | undefined;
  instructions?: string | undefined;
}

/** A voice the model is known to have (or any voice when the catalogue has no list). */
export function checkVoice(modelId: string, voice: string, argument: string): void {
  const voices = capabilitiesOf(modelId)?.voices;
  if (voices !== undefined && !voices.includes(voice)) {
    throw new InvalidArgumentError({
      argument,
      message: `Unknown voice "${voice}" for ${modelId}. Available voices: ${voices.join(', ')}.`,
    });
  }
}

/** The resolved voice, speed and language of a call; warnings are pushed into `warnings`. */
export function resolveSpeechSettings(
  modelId: string,
  options: SpeechCallSettings,
  warnings: SharedV4Warning[],
): SpeechPartSettings & { voice: string } {
  const caps = capabilitiesOf(modelId);
  let voice = options.voice;
  if (voice === undefined || voice === '') {
    // Own entries only: a model id of `constructor` must find no voice.
    voice = Object.hasOwn(DEFAULT_VOICES, modelId) ? DEFAULT_VOICES[modelId] : undefined;
    if (voice === undefined) {
      throw new InvalidArgumentError({
        argument: 'voice',
        message: `PolarGrid speech requires a voice for model ${modelId}.`,
      });
    }
    warnings.push({
      type: 'compatibility',
      feature: 'voice',
      details: `No voice given; using "${voice}" (PolarGrid requires a voice).`,
    });
  } else {
    checkVoice(modelId, voice, 'voice');
  }

  if (options.speed !== undefined && !(options.speed >= 0.25 && options.speed <= 4)) {
    throw new InvalidArgumentError({
      argument: 'speed',
      message: `Speech speed must be between 0.25 and 4.0 (got ${options.speed}).`,
    });
  }

  const settings: SpeechPartSettings & { voice: string } = { voice };
  if (options.speed !== undefined) settings.speed = options.speed;
  if (options.language !== undefined) {
    // Only tada-3b-ml is multilingual; the catalogue lists its languages.
    if (caps !== undefined && caps.languages === undefined) {
      warnings.push({
        type: 'unsupported',
        feature: 'language',
        details: `${modelId} has no language setting; "${options.language}" was not sent.`,
      });
    } else {
      settings.language = options.language;
    }
  }
  if (options.instructions !== undefined) {
    warnings.push({
      type: 'unsupported',
      feature: 'instructions',
      details: 'PolarGrid speech models take no style instructions; they were not sent.',
    });
  }
  return settings;
}
