import {
  type EmbeddingModelV4,
  type EmbeddingModelV4CallOptions,
  type EmbeddingModelV4Result,
  TooManyEmbeddingValuesForCallError,
} from '@ai-sdk/provider';
import { WORKFLOW_DESERIALIZE, WORKFLOW_SERIALIZE } from '@ai-sdk/provider-utils';
import { type EmbeddingsRequest, createEmbeddings } from '@polargrid/core';
import {
  deserializeConfig,
  type PolarGridModelConfig,
  type SerializedPolarGridModel,
  serializeModel,
} from '../polargrid-config.js';
import { assertSuccessBody, callCore } from '../polargrid-error.js';
import { coreRequestOptions } from '../request-headers.js';
import type { PolarGridEmbeddingModelId } from '../polargrid-model-ids.js';
import { parsePolarGridProviderOptions } from '../shared/parse-provider-options.js';
import { buildProviderMetadata } from '../shared/provider-metadata.js';
import {
  DEFAULT_MAX_EMBEDDINGS_PER_CALL,
  EMBEDDING_LIMITS,
  type PolarGridEmbeddingSettings,
  polargridEmbeddingOptionsSchema,
} from './polargrid-embedding-options.js';

const EMBEDDINGS_PATH = '/v1/embeddings';

/** A PolarGrid embedding model (`/v1/embeddings`, D1), spec V4. */
export class PolarGridEmbeddingModel implements EmbeddingModelV4 {
  readonly specificationVersion = 'v4';
  readonly modelId: PolarGridEmbeddingModelId;
  readonly maxEmbeddingsPerCall: number;
  readonly supportsParallelCalls = true;
  private readonly config: PolarGridModelConfig;

  constructor(
    modelId: PolarGridEmbeddingModelId,
    config: PolarGridModelConfig,
    settings: PolarGridEmbeddingSettings = {},
  ) {
    this.modelId = modelId;
    this.config = config;
    this.maxEmbeddingsPerCall =
      settings.maxEmbeddingsPerCall ??
      (Object.hasOwn(EMBEDDING_LIMITS, modelId) ? EMBEDDING_LIMITS[modelId] : undefined) ??
      DEFAULT_MAX_EMBEDDINGS_PER_CALL;
  }

  /** Workflow serialisation: the model id and key-free settings only. */
  static [WORKFLOW_SERIALIZE](
    model: PolarGridEmbeddingModel,
  ): SerializedPolarGridModel & { maxEmbeddingsPerCall: number } {
    return {
      ...serializeModel(model.modelId, model.config),
      maxEmbeddingsPerCall: model.maxEmbeddingsPerCall,
    };
  }

  static [WORKFLOW_DESERIALIZE](
    serialized: SerializedPolarGridModel & { maxEmbeddingsPerCall?: number },
  ): PolarGridEmbeddingModel {
    return new PolarGridEmbeddingModel(serialized.modelId, deserializeConfig(serialized), {
      maxEmbeddingsPerCall: serialized.maxEmbeddingsPerCall,
    });
  }

  get provider(): string {
    return this.config.provider;
  }

  async doEmbed(options: EmbeddingModelV4CallOptions): Promise<EmbeddingModelV4Result> {
    if (options.values.length > this.maxEmbeddingsPerCall) {
      throw new TooManyEmbeddingValuesForCallError({
        provider: this.provider,
        modelId: this.modelId,
        maxEmbeddingsPerCall: this.maxEmbeddingsPerCall,
        values: options.values,
      });
    }
    const polargrid = parsePolarGridProviderOptions(
      options.providerOptions,
      polargridEmbeddingOptionsSchema,
    );
    const body: EmbeddingsRequest = {
      model: this.modelId,
      input: options.values,
      encoding_format: 'float',
    };
    if (options.dimensions !== undefined) body.dimensions = options.dimensions;
    if (polargrid?.user !== undefined) body.user = polargrid.user;

    const response = await callCore(
      () => createEmbeddings(this.config.client(), body, coreRequestOptions(options)),
      { path: EMBEDDINGS_PATH, body },
    );
    const { data, meta } = response;
    assertSuccessBody(data, meta, 'data');
    // The API may return items out of order; `index` is authoritative.
    const embeddings = [...data.data].sort((a, b) => a.index - b.index).map((d) => d.embedding);
    const tokens = data.usage?.prompt_tokens ?? data.usage?.total_tokens;
    const result: EmbeddingModelV4Result = {
      embeddings,
      warnings: [],
      response: { headers: meta.headers, body: data },
      providerMetadata: buildProviderMetadata(meta),
    };
    if (tokens !== undefined) result.usage = { tokens };
    return result;
  }
}
