import type {
  LanguageModelV4,
  LanguageModelV4CallOptions,
  LanguageModelV4Content,
  LanguageModelV4GenerateResult,
  LanguageModelV4StreamResult,
} from '@ai-sdk/provider';
import { WORKFLOW_DESERIALIZE, WORKFLOW_SERIALIZE } from '@ai-sdk/provider-utils';
import {
  type ChatCompletionRequest,
  createChatCompletion,
  streamChatCompletion,
} from '@polargrid/core';
import {
  deserializeConfig,
  type PolarGridModelConfig,
  type SerializedPolarGridModel,
  serializeModel,
} from '../polargrid-config.js';
import { assertSuccessBody, callCore } from '../polargrid-error.js';
import { coreRequestOptions } from '../request-headers.js';
import type { PolarGridChatModelId } from '../polargrid-model-ids.js';
import { capabilitiesOf } from '../shared/capabilities.js';
import { convertUsage } from '../shared/convert-usage.js';
import { mapEventStream } from '../shared/map-event-stream.js';
import { mapFinishReason } from '../shared/map-finish-reason.js';
import { generateResponseInfo } from '../shared/generate-response.js';
import { buildProviderMetadata, toCallWarning } from '../shared/provider-metadata.js';
import type { PolarGridChatSettings } from './polargrid-chat-options.js';
import { prepareChatRequest } from './prepare-chat-request.js';

const CHAT_PATH = '/v1/chat/completions';

/**
 * What a vision model takes by URL: any http(s) image URL, query string and fragment included
 * (signed URLs; pitfall 15). `ai` lower-cases URLs before matching.
 */
export const VISION_SUPPORTED_URLS: Record<string, RegExp[]> = { 'image/*': [/^https?:\/\/.+$/i] };

/** A PolarGrid chat model (spec V4). All HTTP goes through the provider's shared `PolarGridEdge`. */
export class PolarGridChatLanguageModel implements LanguageModelV4 {
  readonly specificationVersion = 'v4';
  readonly modelId: PolarGridChatModelId;
  private readonly config: PolarGridModelConfig;
  private readonly settings: PolarGridChatSettings;

  constructor(
    modelId: PolarGridChatModelId,
    config: PolarGridModelConfig,
    settings: PolarGridChatSettings = {},
  ) {
    this.modelId = modelId;
    this.config = config;
    this.settings = settings;
  }

  /** Workflow serialisation: the model id, key-free settings and the per-model settings. */
  static [WORKFLOW_SERIALIZE](
    model: PolarGridChatLanguageModel,
  ): SerializedPolarGridModel & { chatSettings?: PolarGridChatSettings } {
    const out: SerializedPolarGridModel & { chatSettings?: PolarGridChatSettings } = serializeModel(
      model.modelId,
      model.config,
    );
    if (model.settings.reasoningEcho !== undefined) {
      out.chatSettings = { reasoningEcho: model.settings.reasoningEcho };
    }
    return out;
  }

  static [WORKFLOW_DESERIALIZE](
    serialized: SerializedPolarGridModel & { chatSettings?: PolarGridChatSettings },
  ): PolarGridChatLanguageModel {
    return new PolarGridChatLanguageModel(
      serialized.modelId,
      deserializeConfig(serialized),
      serialized.chatSettings,
    );
  }

  get provider(): string {
    return this.config.provider;
  }

  /**
   * Image URLs go to the edge as-is for vision models (`ai` downloads any other URL and sends
   * the bytes); other media are never passed by URL.
   */
  get supportedUrls(): Record<string, RegExp[]> {
    const vision = capabilitiesOf(this.modelId)?.vision ?? false;
    return vision ? VISION_SUPPORTED_URLS : {};
  }

  /** The wire body this model would send for `options` (no network). */
  async prepareRequest(options: LanguageModelV4CallOptions) {
    return prepareChatRequest(this.modelId, options, this.settings);
  }

  async doGenerate(options: LanguageModelV4CallOptions): Promise<LanguageModelV4GenerateResult> {
    const { body, warnings } = await prepareChatRequest(this.modelId, options, this.settings);
    const response = await callCore(
      () => createChatCompletion(this.config.client(), body, coreRequestOptions(options)),
      { path: CHAT_PATH, body },
    );
    const { data, meta, result } = response;
    assertSuccessBody(data, meta, 'choices');

    const content: LanguageModelV4Content[] = [];
    if (result.reasoning !== '') content.push({ type: 'reasoning', text: result.reasoning });
    if (result.text !== '') content.push({ type: 'text', text: result.text });
    for (const call of result.toolCalls) {
      content.push({
        type: 'tool-call',
        toolCallId: call.id,
        toolName: call.name,
        input: call.arguments === '' ? '{}' : call.arguments,
      });
    }

    return {
      content,
      // A refusal is already text with a `content-filter` finish in the core's result.
      finishReason: mapFinishReason(result.finishReason, result.rawFinishReason),
      usage: convertUsage(result.usage),
      warnings: [...warnings, ...result.warnings.map(toCallWarning)],
      request: { body },
      response: generateResponseInfo(result, meta, data),
      providerMetadata: buildProviderMetadata(meta, { warnings: result.warnings }),
    };
  }

  async doStream(options: LanguageModelV4CallOptions): Promise<LanguageModelV4StreamResult> {
    const { body: prepared, warnings } = await prepareChatRequest(
      this.modelId,
      options,
      this.settings,
    );
    // The core always asks for stream usage (D6); this mirrors what goes on the wire.
    const body: ChatCompletionRequest = {
      ...prepared,
      stream: true,
      stream_options: { include_usage: true },
    };
    const stream = await callCore(
      () => streamChatCompletion(this.config.client(), body, coreRequestOptions(options)),
      { path: CHAT_PATH, body },
    );
    return {
      stream: mapEventStream(stream.events, stream.meta, warnings, {
        reportUsage: this.config.includeUsage,
      }),
      request: { body },
      response: { headers: stream.meta.headers },
    };
  }
}
