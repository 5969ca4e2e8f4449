import {
  type Experimental_SpeechModelV4StreamOptions,
  type Experimental_SpeechModelV4StreamResult,
  type Experimental_StreamingSpeechModelV4,
  InvalidArgumentError,
  type SharedV4Warning,
  type SpeechModelV4CallOptions,
  type SpeechModelV4Result,
} from '@ai-sdk/provider';
import { WORKFLOW_DESERIALIZE, WORKFLOW_SERIALIZE } from '@ai-sdk/provider-utils';
import { type SpeechRequest, createSpeech } from '@polargrid/core';
import {
  deserializeConfig,
  type PolarGridModelConfig,
  type SerializedPolarGridModel,
  serializeModel,
} from '../polargrid-config.js';
import { callCore } from '../polargrid-error.js';
import { coreRequestOptions } from '../request-headers.js';
import type { PolarGridSpeechModelId } from '../polargrid-model-ids.js';
import { parsePolarGridProviderOptions } from '../shared/parse-provider-options.js';
import { buildProviderMetadata } from '../shared/provider-metadata.js';
import {
  DEFAULT_SPEECH_FORMAT,
  type PolarGridSpeechFormat,
  polargridSpeechOptionsSchema,
  SPEECH_FORMATS,
} from './polargrid-speech-options.js';
import { doStreamSpeech } from './polargrid-speech-stream.js';
import { resolveSpeechSettings } from './speech-settings.js';

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

/**
 * A PolarGrid text-to-speech model (`/v1/audio/speech`), spec V4 with the streaming extension:
 * `generateSpeech` makes one whole clip; `experimental_streamSpeech` speaks streamed text sentence
 * by sentence (see {@link doStreamSpeech}).
 */
export class PolarGridSpeechModel implements Experimental_StreamingSpeechModelV4 {
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
    const polargrid = parsePolarGridProviderOptions(
      options.providerOptions,
      polargridSpeechOptionsSchema,
    );

    if (options.text.trim() === '') {
      throw new InvalidArgumentError({ argument: 'text', message: 'Speech input text is empty.' });
    }

    const settings = resolveSpeechSettings(this.modelId, options, warnings);
    const body: SpeechRequest = {
      model: this.modelId,
      input: options.text,
      voice: settings.voice,
      response_format: normaliseFormat(options.outputFormat, warnings),
    };
    if (settings.speed !== undefined) body.speed = settings.speed;
    if (settings.language !== undefined) body.language = settings.language;
    if (polargrid?.voiceTranscript !== undefined) body.voice_transcript = polargrid.voiceTranscript;
    return { body, warnings };
  }

  async doGenerate(options: SpeechModelV4CallOptions): Promise<SpeechModelV4Result> {
    const { body, warnings } = await this.prepareRequest(options);
    const timestamp = this.config.currentDate?.() ?? new Date();
    const response = await callCore(
      () => createSpeech(this.config.client(), body, coreRequestOptions(options)),
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

  /**
   * Streams speech for streamed text: the core cuts the text at sentence boundaries, requests each
   * sentence as soon as it is complete (the next one in flight while the current one plays), and
   * delivers 24 kHz PCM (or Opus) in order. A failed sentence is a non-fatal `error` part.
   */
  doStream(
    options: Experimental_SpeechModelV4StreamOptions,
  ): Promise<Experimental_SpeechModelV4StreamResult> {
    return doStreamSpeech(this.modelId, this.config, options);
  }
}
