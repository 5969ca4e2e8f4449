import type { CallbackManagerForLLMRun } from '@langchain/core/callbacks/manager';
import {
  LLM,
  type BaseLLMCallOptions,
  type BaseLLMParams,
} from '@langchain/core/language_models/llms';
import type { Serialized } from '@langchain/core/load/serializable';
import { GenerationChunk } from '@langchain/core/outputs';
import {
  type CompletionRequest,
  createCompletion,
  type PolarGridEdge,
  streamCompletion,
} from '@polargrid/core';
import { DEFAULT_CHAT_MODEL } from './chat_models.js';
import { connectEdgeClient, type PolarGridConnectionFields } from './edge_client.js';
import {
  CONNECTION_ALIASES,
  CONNECTION_SECRETS,
  withoutCredentialFields,
} from './serialization.js';
import { callWithRetries } from './errors.js';
import { readEvents } from './event_reader.js';
import { toWireFinishReason } from './response_metadata.js';
import { toUsageMetadata } from './usage.js';
import { toStopList } from './stop_sequences.js';
import { INSPECT_CUSTOM } from './inspect.js';
import { PACKAGE_NAME, PACKAGE_VERSION } from './version.js';

/** Call options of {@link PolarGridLLM}. */
export interface PolarGridLLMCallOptions extends BaseLLMCallOptions {
  headers?: Record<string, string | undefined>;
}

/** Constructor fields of {@link PolarGridLLM}. */
export interface PolarGridLLMInput extends BaseLLMParams, PolarGridConnectionFields {
  model?: string;
  /**
   * Sent whenever set, including 0 (D5). Unset, the model's own output limit from the catalogue
   * is sent (4,096 for `qwen-3.8-27b`), not the server's default of 150.
   */
  maxTokens?: number;
  temperature?: number;
  topP?: number;
  /** Up to 4 stop sequences. */
  stop?: string[];
  /** Stream internally for `invoke`. Default false. */
  streaming?: boolean;
}

/**
 * Text completions (`POST /v1/completions`) as a LangChain `LLM`. Prefer {@link ChatPolarGrid}:
 * LangChain marks text LLMs as legacy, and PolarGrid documents this endpoint only for `model`,
 * `prompt` and `max_tokens`.
 */
export class PolarGridLLM extends LLM<PolarGridLLMCallOptions> {
  static override lc_name(): string {
    return 'PolarGridLLM';
  }

  override lc_serializable = true;

  /** The serialised view, without credential headers (the key is a secret reference). */
  override toJSON(): Serialized {
    return withoutCredentialFields(super.toJSON(), this.lc_kwargs.apiKey);
  }

  /** `console.log(model)` shows the serialised view, never the key or a credential header. */
  [INSPECT_CUSTOM](): unknown {
    return this.toJSON();
  }

  override get lc_secrets(): { [key: string]: string } | undefined {
    return { ...CONNECTION_SECRETS };
  }

  override get lc_aliases(): { [key: string]: string } | undefined {
    return { ...CONNECTION_ALIASES };
  }

  model: string;
  maxTokens?: number;
  temperature?: number;
  topP?: number;
  stop?: string[];
  streaming: boolean;
  private readonly getClient: () => PolarGridEdge;

  /** The one edge client of this instance (its getter throws a malformed key's error). */
  protected get client(): PolarGridEdge {
    return this.getClient();
  }

  constructor(fields: PolarGridLLMInput = {}) {
    super(fields);
    this._addVersion(PACKAGE_NAME, PACKAGE_VERSION);
    this.model = fields.model ?? DEFAULT_CHAT_MODEL;
    this.maxTokens = fields.maxTokens;
    this.temperature = fields.temperature;
    this.topP = fields.topP;
    this.stop = fields.stop;
    this.streaming = fields.streaming ?? false;
    this.getClient = connectEdgeClient(fields);
  }

  _llmType(): string {
    return 'polargrid';
  }

  override invocationParams(
    options?: this['ParsedCallOptions'],
  ): Pick<CompletionRequest, 'model' | 'max_tokens' | 'temperature' | 'top_p' | 'stop'> {
    const params: Pick<
      CompletionRequest,
      'model' | 'max_tokens' | 'temperature' | 'top_p' | 'stop'
    > = { model: this.model };
    if (this.maxTokens !== undefined) params.max_tokens = this.maxTokens;
    if (this.temperature !== undefined) params.temperature = this.temperature;
    if (this.topP !== undefined) params.top_p = this.topP;
    const stop = options?.stop ?? this.stop;
    if (stop !== undefined) {
      params.stop = toStopList(stop);
    }
    return params;
  }

  async _call(
    prompt: string,
    options: this['ParsedCallOptions'],
    runManager?: CallbackManagerForLLMRun,
  ): Promise<string> {
    options.signal?.throwIfAborted();
    if (this.streaming) {
      let text = '';
      for await (const chunk of this._streamResponseChunks(prompt, options, runManager)) {
        text += chunk.text;
      }
      options.signal?.throwIfAborted();
      return text;
    }
    const body: CompletionRequest = { ...this.invocationParams(options), prompt };
    const response = await callWithRetries(this.caller, options, () =>
      createCompletion(this.client, body, {
        signal: options.signal,
        headers: options.headers,
      }),
    );
    return response.result.text;
  }

  override async *_streamResponseChunks(
    prompt: string,
    options: this['ParsedCallOptions'],
    runManager?: CallbackManagerForLLMRun,
  ): AsyncGenerator<GenerationChunk> {
    options.signal?.throwIfAborted();
    const body: CompletionRequest = { ...this.invocationParams(options), prompt };
    const { meta, events } = await callWithRetries(this.caller, options, () =>
      streamCompletion(this.client, body, {
        signal: options.signal,
        headers: options.headers,
      }),
    );
    for await (const event of readEvents(events, { signal: options.signal })) {
      let chunk: GenerationChunk | undefined;
      if (event.type === 'text-delta') {
        chunk = new GenerationChunk({ text: event.text });
      } else if (event.type === 'finish') {
        chunk = new GenerationChunk({
          text: '',
          generationInfo: {
            finish_reason: toWireFinishReason(event.reason, event.rawReason),
            model: this.model,
            region: meta.region,
            request_id: meta.requestId,
            usage_metadata: toUsageMetadata(event.usage),
          },
        });
      }
      if (chunk === undefined) continue;
      yield chunk;
      await runManager?.handleLLMNewToken(chunk.text, undefined, undefined, undefined, undefined, {
        chunk,
      });
    }
  }
}
