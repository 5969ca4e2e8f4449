import {
  InvalidArgumentError,
  type SharedV4Warning,
  type SpeechModelV4,
  type SpeechModelV4CallOptions,
  type SpeechModelV4Result,
} from '@ai-sdk/provider';
import { WORKFLOW_DESERIALIZE, WORKFLOW_SERIALIZE } from '@ai-sdk/provider-utils';
import type { SpeechRequest } from '@polargrid/core';
import {
  deserializeConfig,
  type PolarGridModelConfig,
  type SerializedPolarGridModel,
  serializeModel,
} from '../polargrid-config.js';
import { callCore } from '../polargrid-error.js';
import { coreRequestOptions } from '../request-headers.js';
import type { PolarGridSpeechModelId } from '../polargrid-model-ids.js';
import { capabilitiesOf } from '../shared/capabilities.js';
import { parsePolarGridProviderOptions } from '../shared/parse-provider-options.js';
import { buildProviderMetadata } from '../shared/provider-metadata.js';
import {
  DEFAULT_SPEECH_FORMAT,
  DEFAULT_VOICES,
  type PolarGridSpeechFormat,
  polargridSpeechOptionsSchema,
  SPEECH_FORMATS,
} from './polargrid-speech-options.js';

const SPEECH_PATH = '/v1/audio/speech';

function normaliseFormat(
  requested: string | undefined,
  warnings: SharedV4Warning[],
): PolarGridSpeechFormat {
  if (requested === undefined) return DEFAULT_SPEECH_FORMAT;
  const lower = requested.toLowerCase();
  const format = lower === 'mpeg' || lower === 'audio/mpeg' ? 'mp3' : lower.replace(/^audio\//, '');
  if ((SPEECH_FORMATS as readonly string[]).includes(format))
    return format as PolarGridSpeechFormat;
  warnings.push({
    type: 'unsupported',
    feature: 'outputFormat',
    details: `PolarGrid batch speech supports ${SPEECH_FORMATS.join(', ')}; "${requested}" was replaced by ${DEFAULT_SPEECH_FORMAT}.`,
  });
  return DEFAULT_SPEECH_FORMAT;
}

/** A PolarGrid text-to-speech model (`/v1/audio/speech`), spec V4. */
export class PolarGridSpeechModel implements SpeechModelV4 {
  readonly specificationVersion = 'v4';
  readonly modelId: PolarGridSpeechModelId;
  private readonly config: PolarGridModelConfig;

  constructor(modelId: PolarGridSpeechModelId, config: PolarGridModelConfig) {
    this.modelId = modelId;
    this.config = config;
  }

  /** Workflow serialisation: the model id and key-free settings only. */
  static [WORKFLOW_SERIALIZE](model: PolarGridSpeechModel): SerializedPolarGridModel {
    return serializeModel(model.modelId, model.config);
  }

  static [WORKFLOW_DESERIALIZE](serialized: SerializedPolarGridModel): PolarGridSpeechModel {
    return new PolarGridSpeechModel(serialized.modelId, deserializeConfig(serialized));
  }

  get provider(): string {
    return this.config.provider;
  }

  /** The wire body this model would send (no network). */
  async prepareRequest(
    options: SpeechModelV4CallOptions,
  ): Promise<{ body: SpeechRequest; warnings: SharedV4Warning[] }> {
    const warnings: SharedV4Warning[] = [];
    const caps = capabilitiesOf(this.modelId);
    const polargrid = parsePolarGridProviderOptions(
      options.providerOptions,
      polargridSpeechOptionsSchema,
    );

    let voice = options.voice;
    if (voice === undefined || voice === '') {
      voice = DEFAULT_VOICES[this.modelId];
      if (voice === undefined) {
        throw new InvalidArgumentError({
          argument: 'voice',
          message: `PolarGrid speech requires a voice for model ${this.modelId}.`,
        });
      }
      warnings.push({
        type: 'compatibility',
        feature: 'voice',
        details: `No voice given; using "${voice}" (PolarGrid requires a voice).`,
      });
    } else if (caps?.voices !== undefined && !caps.voices.includes(voice)) {
      throw new InvalidArgumentError({
        argument: 'voice',
        message: `Unknown voice "${voice}" for ${this.modelId}. Available voices: ${caps.voices.join(', ')}.`,
      });
    }

    const body: SpeechRequest = {
      model: this.modelId,
      input: options.text,
      voice,
      response_format: normaliseFormat(options.outputFormat, warnings),
    };
    if (options.speed !== undefined) body.speed = options.speed;

    if (options.language !== undefined) {
      // Only tada-3b-ml is multilingual; the catalogue lists its languages.
      if (caps !== undefined && caps.languages === undefined) {
        warnings.push({
          type: 'unsupported',
          feature: 'language',
          details: `${this.modelId} has no language setting; "${options.language}" was not sent.`,
        });
      } else {
        body.language = options.language;
      }
    }
    if (options.instructions !== undefined) {
      warnings.push({
        type: 'unsupported',
        feature: 'instructions',
        details: 'PolarGrid speech models take no style instructions; they were not sent.',
      });
    }
    if (polargrid?.voiceTranscript !== undefined) body.voice_transcript = polargrid.voiceTranscript;
    return { body, warnings };
  }

  async doGenerate(options: SpeechModelV4CallOptions): Promise<SpeechModelV4Result> {
    const { body, warnings } = await this.prepareRequest(options);
    const timestamp = this.config.currentDate?.() ?? new Date();
    const response = await callCore(
      () => this.config.client().createSpeech(body, coreRequestOptions(options)),
      { path: SPEECH_PATH, body },
    );
    return {
      audio: response.data.audio,
      warnings,
      request: { body },
      response: { timestamp, modelId: this.modelId, headers: response.meta.headers },
      providerMetadata: buildProviderMetadata(response.meta),
    };
  }
}
