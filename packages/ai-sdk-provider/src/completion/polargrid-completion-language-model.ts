import type {
  LanguageModelV4,
  LanguageModelV4CallOptions,
  LanguageModelV4Content,
  LanguageModelV4GenerateResult,
  LanguageModelV4StreamResult,
  SharedV4Warning,
} from '@ai-sdk/provider';
import { WORKFLOW_DESERIALIZE, WORKFLOW_SERIALIZE } from '@ai-sdk/provider-utils';
import {
  type ChatStreamEvent,
  type CompletionRequest,
  createCompletion,
  streamCompletion,
} from '@polargrid/core';
import type { PolarGridLanguageModelOptions } from '../chat/polargrid-chat-options.js';
import { mapSampling, parsePolarGridOptions } from '../chat/prepare-chat-request.js';
import {
  deserializeConfig,
  type PolarGridModelConfig,
  type SerializedPolarGridModel,
  serializeModel,
} from '../polargrid-config.js';
import { assertSuccessBody, callCore } from '../polargrid-error.js';
import { coreRequestOptions } from '../request-headers.js';
import type { PolarGridCompletionModelId } from '../polargrid-model-ids.js';
import { convertUsage } from '../shared/convert-usage.js';
import { mapEventStream } from '../shared/map-event-stream.js';
import { mapFinishReason } from '../shared/map-finish-reason.js';
import { generateResponseInfo } from '../shared/generate-response.js';
import { buildProviderMetadata, toCallWarning } from '../shared/provider-metadata.js';
import { convertToCompletionPrompt } from './convert-to-completion-prompt.js';

const COMPLETIONS_PATH = '/v1/completions';

const CHAT_ONLY_OPTIONS = [
  'enableThinking',
  'parallelToolCalls',
  'strictJsonSchema',
  'reasoningEcho',
] as const satisfies ReadonlyArray<keyof PolarGridLanguageModelOptions>;

/** A PolarGrid text-completion model (`/v1/completions`), spec V4. */
export class PolarGridCompletionLanguageModel implements LanguageModelV4 {
  readonly specificationVersion = 'v4';
  readonly modelId: PolarGridCompletionModelId;
  readonly supportedUrls: Record<string, RegExp[]> = {};
  private readonly config: PolarGridModelConfig;

  constructor(modelId: PolarGridCompletionModelId, config: PolarGridModelConfig) {
    this.modelId = modelId;
    this.config = config;
  }

  /** Workflow serialisation: the model id and key-free settings only. */
  static [WORKFLOW_SERIALIZE](model: PolarGridCompletionLanguageModel): SerializedPolarGridModel {
    return serializeModel(model.modelId, model.config);
  }

  static [WORKFLOW_DESERIALIZE](
    serialized: SerializedPolarGridModel,
  ): PolarGridCompletionLanguageModel {
    return new PolarGridCompletionLanguageModel(serialized.modelId, deserializeConfig(serialized));
  }

  get provider(): string {
    return this.config.provider;
  }

  /** The wire body this model would send for `options` (no network). */
  async prepareRequest(
    options: LanguageModelV4CallOptions,
  ): Promise<{ body: CompletionRequest; warnings: SharedV4Warning[] }> {
    const warnings: SharedV4Warning[] = [];
    const polargrid = parsePolarGridOptions(options.providerOptions);
    if (options.tools !== undefined && options.tools.length > 0) {
      warnings.push({
        type: 'unsupported',
        feature: 'tools',
        details: 'Completions have no tool calling; use the chat model.',
      });
    } else if (options.toolChoice !== undefined && options.toolChoice.type !== 'auto') {
      warnings.push({ type: 'unsupported', feature: 'toolChoice' });
    }
    if (options.responseFormat !== undefined && options.responseFormat.type !== 'text') {
      warnings.push({
        type: 'unsupported',
        feature: 'responseFormat',
        details: 'JSON output needs the chat model.',
      });
    }
    if (options.reasoning !== undefined && options.reasoning !== 'provider-default') {
      warnings.push({
        type: 'unsupported',
        feature: 'reasoning',
        details: 'Completions do not split reasoning; use the chat model.',
      });
    }
    // Shared options schema: say which chat-only options a completion cannot honour.
    for (const option of CHAT_ONLY_OPTIONS) {
      if (polargrid[option] !== undefined) {
        warnings.push({
          type: 'unsupported',
          feature: `providerOptions.polargrid.${option}`,
          details: 'Chat-only option; not sent to /v1/completions.',
        });
      }
    }
    const { prompt, stopSequences } = convertToCompletionPrompt(options.prompt);
    const sampling = mapSampling(
      { ...options, stopSequences: [...(options.stopSequences ?? []), ...stopSequences] },
      polargrid,
    );
    const body: CompletionRequest = {
      model: this.modelId,
      prompt,
      ...sampling,
    } as CompletionRequest;
    if (polargrid.extraBody !== undefined) Object.assign(body, polargrid.extraBody);
    return { body, warnings };
  }

  async doGenerate(options: LanguageModelV4CallOptions): Promise<LanguageModelV4GenerateResult> {
    const { body, warnings } = await this.prepareRequest(options);
    const response = await callCore(
      () => createCompletion(this.config.client(), body, coreRequestOptions(options)),
      { path: COMPLETIONS_PATH, body },
    );
    const { data, meta, result } = response;
    assertSuccessBody(data, meta, 'choices');
    const content: LanguageModelV4Content[] = [];
    if (result.text !== '') content.push({ type: 'text', text: result.text });
    return {
      content,
      finishReason: mapFinishReason(result.finishReason, result.rawFinishReason),
      usage: convertUsage(result.usage),
      warnings: [...warnings, ...result.warnings.map(toCallWarning)],
      request: { body },
      response: generateResponseInfo(result, meta, data),
      providerMetadata: buildProviderMetadata(meta, { warnings: result.warnings }),
    };
  }

  async doStream(options: LanguageModelV4CallOptions): Promise<LanguageModelV4StreamResult> {
    const { body: prepared, warnings } = await this.prepareRequest(options);
    // The core always asks for stream usage (D6); this mirrors what goes on the wire.
    const body: CompletionRequest = {
      ...prepared,
      stream: true,
      stream_options: { include_usage: true },
    };
    const stream = await callCore(
      () => streamCompletion(this.config.client(), body, coreRequestOptions(options)),
      { path: COMPLETIONS_PATH, body },
    );
    return {
      // Completion events are a subset of chat events.
      stream: mapEventStream(
        stream.events as ReadableStream<ChatStreamEvent>,
        stream.meta,
        warnings,
        { reportUsage: this.config.includeUsage },
      ),
      request: { body },
      response: { headers: stream.meta.headers },
    };
  }
}
