import type {
  Experimental_TranscriptionModelV4StreamOptions,
  Experimental_TranscriptionModelV4StreamResult,
  SharedV4Warning,
  TranscriptionModelV4,
  TranscriptionModelV4CallOptions,
  TranscriptionModelV4Result,
} from '@ai-sdk/provider';
import {
  convertBase64ToUint8Array,
  mediaTypeToExtension,
  WORKFLOW_DESERIALIZE,
  WORKFLOW_SERIALIZE,
} from '@ai-sdk/provider-utils';
import { type TranscriptionParams, transcribe } from '@polargrid/core';
import {
  deserializeConfig,
  type PolarGridModelConfig,
  type SerializedPolarGridModel,
  serializeModel,
} from '../polargrid-config.js';
import { callCore } from '../polargrid-error.js';
import { coreRequestOptions } from '../request-headers.js';
import type { PolarGridTranscriptionModelId } from '../polargrid-model-ids.js';
import { parsePolarGridProviderOptions } from '../shared/parse-provider-options.js';
import { buildProviderMetadata } from '../shared/provider-metadata.js';
import { polargridTranscriptionOptionsSchema } from './polargrid-transcription-options.js';
import { doStreamTranscription } from './polargrid-transcription-stream.js';

const TRANSCRIPTIONS_PATH = '/v1/audio/transcriptions';

/**
 * A PolarGrid speech-to-text model, spec V4. `transcribe` uses the core's sync mode
 * (`?sync=true`) with `verbose_json`, so one request returns text, segments, language and
 * duration. The multipart body holds only the file; every option goes in the query string (the
 * core builds both). `experimental_streamTranscribe` cuts live audio into segments and streams
 * each one's transcript (see {@link doStreamTranscription}).
 */
export class PolarGridTranscriptionModel implements TranscriptionModelV4 {
  readonly specificationVersion = 'v4';
  readonly modelId: PolarGridTranscriptionModelId;
  private readonly config: PolarGridModelConfig;

  constructor(modelId: PolarGridTranscriptionModelId, config: PolarGridModelConfig) {
    this.modelId = modelId;
    this.config = config;
  }

  /** Workflow serialisation: the model id and key-free settings only. */
  static [WORKFLOW_SERIALIZE](model: PolarGridTranscriptionModel): SerializedPolarGridModel {
    return serializeModel(model.modelId, model.config);
  }

  static [WORKFLOW_DESERIALIZE](serialized: SerializedPolarGridModel): PolarGridTranscriptionModel {
    return new PolarGridTranscriptionModel(serialized.modelId, deserializeConfig(serialized));
  }

  get provider(): string {
    return this.config.provider;
  }

  /** The query parameters this model would send (no network). */
  async prepareRequest(
    options: TranscriptionModelV4CallOptions,
  ): Promise<{ params: TranscriptionParams; warnings: SharedV4Warning[] }> {
    const warnings: SharedV4Warning[] = [];
    const polargrid = parsePolarGridProviderOptions(
      options.providerOptions,
      polargridTranscriptionOptionsSchema,
    );
    const params: TranscriptionParams = { model: this.modelId, response_format: 'verbose_json' };
    if (polargrid?.language !== undefined) params.language = polargrid.language.toLowerCase();
    if (polargrid?.prompt !== undefined) params.prompt = polargrid.prompt;
    if (polargrid?.temperature !== undefined) params.temperature = polargrid.temperature;
    if (polargrid?.punctuation !== undefined) params.punctuation = polargrid.punctuation;
    if (options.timestampGranularities?.includes('word')) {
      warnings.push({
        type: 'unsupported',
        feature: 'timestampGranularities',
        details: 'PolarGrid returns segment timestamps only; word timestamps are not available.',
      });
    }
    return { params, warnings };
  }

  async doGenerate(options: TranscriptionModelV4CallOptions): Promise<TranscriptionModelV4Result> {
    const { params, warnings } = await this.prepareRequest(options);
    const timestamp = this.config.currentDate?.() ?? new Date();
    const bytes =
      typeof options.audio === 'string' ? convertBase64ToUint8Array(options.audio) : options.audio;
    const file = new File(
      [bytes as Uint8Array<ArrayBuffer>],
      `audio.${mediaTypeToExtension(options.mediaType)}`,
      {
        type: options.mediaType,
      },
    );

    const response = await callCore(
      () => transcribe(this.config.client(), file, params, coreRequestOptions(options)),
      { path: TRANSCRIPTIONS_PATH, body: params },
    );
    const { data, meta } = response;
    return {
      text: data.text,
      segments: (data.segments ?? []).map((s) => ({
        text: s.text,
        startSecond: s.start,
        endSecond: s.end,
      })),
      language: data.language,
      durationInSeconds: data.duration,
      warnings,
      // The multipart body is only the file; the query string is what describes the request.
      request: { body: JSON.stringify(params) },
      response: { timestamp, modelId: this.modelId, headers: meta.headers, body: data },
      providerMetadata: buildProviderMetadata(meta),
    };
  }

  /**
   * Streams a transcript of live audio: PCM and WAV are cut at pauses (and at most every 15 s)
   * and each segment is transcribed over PolarGrid's SSE stream as soon as it is cut; other
   * formats are transcribed whole when the audio ends. A failed segment is a non-fatal `error`.
   */
  doStream(
    options: Experimental_TranscriptionModelV4StreamOptions,
  ): Promise<Experimental_TranscriptionModelV4StreamResult> {
    return doStreamTranscription(this.modelId, this.config, options);
  }
}
