import type { CallbackManagerForLLMRun } from '@langchain/core/callbacks/manager';
import type {
  BaseLanguageModelInput,
  StructuredOutputMethodOptions,
} from '@langchain/core/language_models/base';
import {
  BaseChatModel,
  type BaseChatModelCallOptions,
  type BaseChatModelParams,
  type LangSmithParams,
  type ToolChoice,
} from '@langchain/core/language_models/chat_models';
import type { ChatModelStreamEvent } from '@langchain/core/language_models/event';
import type { ModelProfile } from '@langchain/core/language_models/profile';
import type { Serialized } from '@langchain/core/load/serializable';
import type { AIMessageChunk, BaseMessage } from '@langchain/core/messages';
import type { ChatGenerationChunk, ChatResult } from '@langchain/core/outputs';
import type { Runnable } from '@langchain/core/runnables';
import type { SerializableSchema } from '@langchain/core/utils/standard_schema';
import type { InteropZodType } from '@langchain/core/utils/types';
import type {
  ChatCompletionRequest,
  PolarGridEdge,
  EventStream,
  ChatStreamEvent,
  RequestOptions,
  ResponseMeta,
} from '@polargrid/core';
import { createChatCompletion, streamChatCompletion, ValidationError } from '@polargrid/core';
import type { ChatResponseFormat } from './core_types.js';
import { connectEdgeClient, type PolarGridConnectionFields } from './edge_client.js';
import {
  CONNECTION_ALIASES,
  CONNECTION_SECRETS,
  withoutCredentialFields,
} from './serialization.js';
import { callWithRetries } from './errors.js';
import { readEvents } from './event_reader.js';
import { toWireMessages } from './messages.js';
import { getProfile } from './profiles.js';
import { PROVIDER } from './response_metadata.js';
import { eventsToMessage } from './result_message.js';
import { ChunkMapper, type ReasoningMode } from './stream_chunks.js';
import { EventMapper } from './stream_events.js';
import { ChatPolarGridBinding } from './tool_binding.js';
import { buildStructuredOutput } from './structured_output.js';
import { type ChatPolarGridTool, toWireToolChoice, toWireTools } from './tools.js';
import { toStopList } from './stop_sequences.js';
import { INSPECT_CUSTOM } from './inspect.js';
import { checkFieldNames } from './unknown_fields.js';
import { PACKAGE_NAME, PACKAGE_VERSION } from './version.js';

/** The model used when none is given: PolarGrid's current public chat model. */
export const DEFAULT_CHAT_MODEL = 'qwen-3.8-27b';

/** The request fields `invocationParams` produces (everything but `messages`). */
export type ChatPolarGridRequestParams = Pick<
  ChatCompletionRequest,
  | 'model'
  | 'max_tokens'
  | 'temperature'
  | 'top_p'
  | 'top_k'
  | 'frequency_penalty'
  | 'presence_penalty'
  | 'stop'
  | 'seed'
  | 'enable_thinking'
  | 'tools'
  | 'tool_choice'
  | 'parallel_tool_calls'
  | 'response_format'
>;

/** The largest number of stop sequences PolarGrid accepts. */

/** Call options of {@link ChatPolarGrid} (`invoke(input, options)`, `withConfig`, `bindTools` kwargs). */
export interface ChatPolarGridCallOptions extends BaseChatModelCallOptions {
  /** Tools in any form LangChain accepts; converted to OpenAI function tools. */
  tools?: ChatPolarGridTool[];
  /** `any` → `required`; `auto`/`none` as is; any other string names a tool. */
  tool_choice?: ToolChoice;
  /** Sent as `parallel_tool_calls` when set. */
  parallel_tool_calls?: boolean;
  /** Sent as given (`json_schema` for structured output, D3). */
  response_format?: ChatResponseFormat;
  /** Extra headers for this request only. */
  headers?: Record<string, string | undefined>;
  /** Overrides the instance's `streamUsage` for this call. */
  streamUsage?: boolean;
  /** Overrides the instance's `seed`. */
  seed?: number;
  /** Overrides the instance's `enableThinking`. */
  enableThinking?: boolean;
  /** Index of the prompt in a batch, reported to `handleLLMNewToken`. */
  promptIndex?: number;
}

/** Constructor fields of {@link ChatPolarGrid}. */
export interface ChatPolarGridInput extends BaseChatModelParams, PolarGridConnectionFields {
  /** Model id. Default {@link DEFAULT_CHAT_MODEL}. */
  model?: string;
  /**
   * Sampling temperature (0–2). Sent whenever set, including `0`; unset, the server uses 0.7 (D5).
   */
  temperature?: number;
  /**
   * `max_tokens` (1–4096). Unset, the model's own output limit from the catalogue is sent (4,096
   * for `qwen-3.8-27b`), not the server's default of 150 (D5).
   */
  maxTokens?: number;
  /** Nucleus sampling (0–1). Unset, the server uses 0.9. */
  topP?: number;
  topK?: number;
  frequencyPenalty?: number;
  presencePenalty?: number;
  /** Up to 4 stop sequences. */
  stop?: string[] | string;
  /** Alias of `stop`. */
  stopSequences?: string[];
  seed?: number;
  /**
   * Always stream internally, even for `invoke` (aggregated). Default false. Ignored when
   * `disableStreaming` is set.
   */
  streaming?: boolean;
  /** Put token usage on the last streamed chunk. Default true (D6). */
  streamUsage?: boolean;
  /** Ask the model to think (`enable_thinking`, D4). Reasoning arrives separately from text. */
  enableThinking?: boolean;
  /**
   * `separate` (default): reasoning becomes `reasoning` content blocks, `reasoning-delta` events
   * and `additional_kwargs.reasoning_content`. `strip`: reasoning is dropped.
   */
  reasoningMode?: ReasoningMode;
  /** Overrides of the catalogue-derived {@link ModelProfile}. */
  profile?: Partial<ModelProfile>;
}

/** Drops `undefined` values (but keeps `0`, `false` and `''`, D5). */
function defined<T extends Record<string, unknown>>(value: T): T {
  for (const key of Object.keys(value)) {
    if (value[key] === undefined) delete value[key];
  }
  return value;
}

/** Every field of {@link ChatPolarGridInput} that is ours (not LangChain's base fields). */
const CHAT_FIELDS = {
  model: true,
  temperature: true,
  maxTokens: true,
  topP: true,
  topK: true,
  frequencyPenalty: true,
  presencePenalty: true,
  stop: true,
  stopSequences: true,
  seed: true,
  streaming: true,
  streamUsage: true,
  enableThinking: true,
  reasoningMode: true,
  profile: true,
  apiKey: true,
  region: true,
  baseURL: true,
  autorouterURL: true,
  edgeURLs: true,
  fallbackRegions: true,
  fetch: true,
  headers: true,
  defaultHeaders: true,
  timeout: true,
  streamIdleTimeout: true,
  maxFailovers: true,
  discoveryTimeout: true,
  debug: true,
  dangerouslyAllowBrowser: true,
  userAgentSuffix: true,
  queryParams: true,
  hedge: true,
} satisfies Record<Exclude<keyof ChatPolarGridInput, keyof BaseChatModelParams>, true>;

/**
 * PolarGrid chat models for LangChain.js, on PolarGrid's edge network through `@polargrid/core`
 * (routing, failover, auth, SSE decoding, `<think>` splitting, typed errors).
 *
 * @example
 * ```ts
 * const model = new ChatPolarGrid({ model: 'qwen-3.8-27b', temperature: 0 });
 * const reply = await model.invoke('Hello!');
 * ```
 */
export class ChatPolarGrid extends BaseChatModel<ChatPolarGridCallOptions, AIMessageChunk> {
  static override lc_name(): string {
    return 'ChatPolarGrid';
  }

  override lc_serializable = true;

  override lc_namespace = ['langchain', 'chat_models', 'polargrid'];

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
  temperature?: number;
  maxTokens?: number;
  topP?: number;
  topK?: number;
  frequencyPenalty?: number;
  presencePenalty?: number;
  stop?: string[];
  seed?: number;
  streaming: boolean;
  streamUsage: boolean;
  enableThinking?: boolean;
  reasoningMode: ReasoningMode;

  private readonly getClient: () => PolarGridEdge;

  /** The one edge client of this instance (its getter throws a malformed key's error). */
  protected get client(): PolarGridEdge {
    return this.getClient();
  }
  private readonly profileOverrides: Partial<ModelProfile> | undefined;

  // One signature, not two overloads: with overloads, TypeScript reports a misspelled field
  // (`temprature`) as "not assignable to parameter of type 'string'" (the last overload's
  // complaint); with one, it says "Did you mean to write 'temperature'?".
  constructor(
    modelOrFields?: string | ChatPolarGridInput,
    maybeFields?: Omit<ChatPolarGridInput, 'model'>,
  ) {
    const fields: ChatPolarGridInput =
      typeof modelOrFields === 'string'
        ? { ...(maybeFields ?? {}), model: modelOrFields }
        : (modelOrFields ?? {});
    checkFieldNames('ChatPolarGrid', fields, [
      ...Object.keys(CHAT_FIELDS),
      // LangChain's base fields that sit close to ours.
      'disableStreaming',
      'maxRetries',
      'maxConcurrency',
    ]);
    super(fields);
    this._addVersion(PACKAGE_NAME, PACKAGE_VERSION);

    this.model = fields.model ?? DEFAULT_CHAT_MODEL;
    this.temperature = fields.temperature;
    this.maxTokens = fields.maxTokens;
    this.topP = fields.topP;
    this.topK = fields.topK;
    this.frequencyPenalty = fields.frequencyPenalty;
    this.presencePenalty = fields.presencePenalty;
    this.stop = toStopList(fields.stopSequences ?? fields.stop);
    this.seed = fields.seed;
    this.streaming = fields.streaming ?? false;
    // BaseChatModel (@langchain/core 1.4.0) declares `disableStreaming = false` as a class field
    // and its constructor never copies it from the fields, so a subclass must. No upstream issue
    // was found for it (ChatOpenAI sets it itself too).
    this.disableStreaming = fields.disableStreaming === true;
    this.streamUsage = fields.streamUsage ?? true;
    this.enableThinking = fields.enableThinking;
    this.reasoningMode = fields.reasoningMode ?? 'separate';
    this.profileOverrides = fields.profile;
    this.getClient = connectEdgeClient(fields);
  }

  _llmType(): string {
    return PROVIDER;
  }

  override get callKeys(): string[] {
    return [
      ...super.callKeys,
      'tools',
      'tool_choice',
      'parallel_tool_calls',
      'response_format',
      'headers',
      'streamUsage',
      'seed',
      'enableThinking',
      'promptIndex',
    ];
  }

  /** Capabilities of this model, from the core's catalogue (`{}` for unknown ids). */
  override get profile(): ModelProfile {
    return getProfile(this.model, this.profileOverrides);
  }

  override getLsParams(options: this['ParsedCallOptions']): LangSmithParams {
    return {
      ls_provider: PROVIDER,
      ls_model_name: this.model,
      ls_model_type: 'chat',
      ls_temperature: this.temperature,
      ls_max_tokens: this.maxTokens,
      ls_stop: options.stop ?? this.stop,
    };
  }

  /** The request body without `messages`, exactly as it goes on the wire (`undefined` dropped). */
  override invocationParams(options?: this['ParsedCallOptions']): ChatPolarGridRequestParams {
    // Tools for a model without tool calling are refused by the core, before the network.
    const tools = options?.tools?.length ? toWireTools(options.tools) : undefined;
    const stop = toStopList(options?.stop ?? this.stop);
    return defined({
      model: this.model,
      temperature: this.temperature,
      max_tokens: this.maxTokens,
      top_p: this.topP,
      top_k: this.topK,
      frequency_penalty: this.frequencyPenalty,
      presence_penalty: this.presencePenalty,
      // An empty list is the same as none; keep the body minimal for strict servers.
      stop: stop?.length ? stop : undefined,
      seed: options?.seed ?? this.seed,
      enable_thinking: options?.enableThinking ?? this.enableThinking,
      tools,
      tool_choice: toWireToolChoice(options?.tool_choice),
      parallel_tool_calls: options?.parallel_tool_calls,
      response_format: options?.response_format,
    });
  }

  override _identifyingParams(): Record<string, unknown> {
    return { model_name: this.model, ...this.invocationParams() };
  }

  /**
   * A binding of this model with `config` (call options such as `tools`, or run config). Unlike
   * core's plain `RunnableBinding`, its `streamEvents(input)` without a `version` works and gives
   * the native `ChatModelStream`.
   */
  override withConfig(config: Partial<ChatPolarGridCallOptions>): ChatPolarGridBinding {
    return new ChatPolarGridBinding({ bound: this, config, kwargs: {} });
  }

  /**
   * Binds tools. A model whose profile says it has no tool calling refuses here, when the agent
   * is put together (LangChain's convention for `bindTools`), rather than at the first call.
   */
  override bindTools(
    tools: ChatPolarGridTool[],
    kwargs?: Partial<ChatPolarGridCallOptions>,
  ): ChatPolarGridBinding {
    if (this.profile.toolCalling === false) {
      throw new ValidationError({
        message: `ChatPolarGrid: model "${this.model}" does not support tool calling; PolarGrid would ignore the tools.`,
        code: 'tools_not_supported',
        param: 'tools',
      });
    }
    return this.withConfig({ tools: toWireTools(tools), ...kwargs });
  }

  private buildRequest(
    messages: BaseMessage[],
    options: this['ParsedCallOptions'],
  ): ChatCompletionRequest {
    return {
      ...this.invocationParams(options),
      messages: toWireMessages(messages, {
        model: this.model,
        imageInputs: this.profile.imageInputs === true,
      }),
    };
  }

  private requestOptions(options: this['ParsedCallOptions']): RequestOptions {
    return { signal: options.signal, headers: options.headers };
  }

  /**
   * Opens a stream through LangChain's `AsyncCaller` (per-call `maxRetries` honoured). Only the
   * connection and the first response are retried; a stream that has delivered anything never is.
   */
  private async openStream(
    messages: BaseMessage[],
    options: this['ParsedCallOptions'],
  ): Promise<EventStream<ChatStreamEvent>> {
    options.signal?.throwIfAborted();
    const body = this.buildRequest(messages, options);
    const requestOptions = this.requestOptions(options);
    return callWithRetries(this.caller, options, () =>
      streamChatCompletion(this.client, body, requestOptions),
    );
  }

  /** One non-streamed request through LangChain's `AsyncCaller` (per-call `maxRetries`). */
  private complete(
    messages: BaseMessage[],
    options: this['ParsedCallOptions'],
  ): ReturnType<typeof createChatCompletion> {
    const body = this.buildRequest(messages, options);
    const requestOptions = this.requestOptions(options);
    return callWithRetries(this.caller, options, () =>
      createChatCompletion(this.client, body, requestOptions),
    );
  }

  override async *_streamResponseChunks(
    messages: BaseMessage[],
    options: this['ParsedCallOptions'],
    runManager?: CallbackManagerForLLMRun,
  ): AsyncGenerator<ChatGenerationChunk> {
    const { meta, events } = await this.openStream(messages, options);
    const messageId = responseMessageId(runManager);
    const mapper = new ChunkMapper(this.mapperOptions(meta, options));
    const indices = { prompt: options.promptIndex ?? 0, completion: 0 };
    for await (const event of readEvents(events, {
      signal: options.signal,
      endQuietlyOnAbort: true,
    })) {
      const chunk = mapper.map(event);
      if (chunk === undefined) continue;
      chunk.message.id = messageId;
      yield chunk;
      // Always with `{chunk}`, also for empty text: LangGraph's `messages` mode and
      // `streamEvents` need it to see tool-call and metadata chunks.
      await runManager?.handleLLMNewToken(chunk.text, indices, undefined, undefined, undefined, {
        chunk,
      });
    }
  }

  /**
   * The native event protocol, from the same core events as the chunks: a live stream through
   * the one reader, or, for `disableStreaming`, the events of one plain request (the core decodes
   * a whole answer into the events its stream decodes to).
   */
  override async *_streamChatModelEvents(
    messages: BaseMessage[],
    options: this['ParsedCallOptions'],
    runManager?: CallbackManagerForLLMRun,
  ): AsyncGenerator<ChatModelStreamEvent> {
    // Core's `streamEvents(input)` calls this directly, without its own disableStreaming check.
    const response = this.disableStreaming
      ? await this.complete(messages, options)
      : await this.openStream(messages, options);
    const mapper = new EventMapper({
      ...this.mapperOptions(response.meta, options),
      messageId: responseMessageId(runManager),
    });
    const events = Array.isArray(response.events)
      ? response.events
      : readEvents(response.events, { signal: options.signal });
    for await (const event of events) yield* mapper.map(event);
  }

  /** What both mappers (chunks and protocol events) need to know about one response. */
  private mapperOptions(meta: ResponseMeta, options: this['ParsedCallOptions']) {
    return {
      requestedModel: this.model,
      meta,
      streamUsage: options.streamUsage ?? this.streamUsage,
      reasoningMode: this.reasoningMode,
    };
  }

  override async _generate(
    messages: BaseMessage[],
    options: this['ParsedCallOptions'],
    runManager?: CallbackManagerForLLMRun,
  ): Promise<ChatResult> {
    options.signal?.throwIfAborted();
    // `disableStreaming` wins over `streaming`: it is the switch for servers or proxies that
    // cannot stream at all, so nothing may open an SSE stream then.
    if (this.streaming && !this.disableStreaming) {
      let aggregate: ChatGenerationChunk | undefined;
      for await (const chunk of this._streamResponseChunks(messages, options, runManager)) {
        aggregate = aggregate === undefined ? chunk : aggregate.concat(chunk);
      }
      // Never return partial output for an aborted call.
      options.signal?.throwIfAborted();
      if (aggregate === undefined) throw new Error('ChatPolarGrid: the stream was empty.');
      return { generations: [aggregate] };
    }
    const response = await this.complete(messages, options);
    const message = eventsToMessage(response.events, {
      requestedModel: this.model,
      meta: response.meta,
      reasoningMode: this.reasoningMode,
    });
    message.id = responseMessageId(runManager);
    return { generations: [{ text: message.text, message }] };
  }

  override withStructuredOutput<
    // biome-ignore lint/suspicious/noExplicitAny: mirrors BaseChatModel's signature.
    RunOutput extends Record<string, any> = Record<string, any>,
  >(
    // biome-ignore lint/suspicious/noExplicitAny: mirrors BaseChatModel's signature.
    outputSchema: InteropZodType<RunOutput> | SerializableSchema<RunOutput> | Record<string, any>,
    config?: StructuredOutputMethodOptions<false>,
  ): Runnable<BaseLanguageModelInput, RunOutput>;

  override withStructuredOutput<
    // biome-ignore lint/suspicious/noExplicitAny: mirrors BaseChatModel's signature.
    RunOutput extends Record<string, any> = Record<string, any>,
  >(
    // biome-ignore lint/suspicious/noExplicitAny: mirrors BaseChatModel's signature.
    outputSchema: InteropZodType<RunOutput> | SerializableSchema<RunOutput> | Record<string, any>,
    config?: StructuredOutputMethodOptions<true>,
  ): Runnable<BaseLanguageModelInput, { raw: BaseMessage; parsed: RunOutput }>;

  /**
   * Structured output. `functionCalling` (default, D3) forces a tool call; `jsonSchema` sends
   * `response_format: json_schema`; `jsonMode` sends `json_object` and parses the text.
   */
  override withStructuredOutput<
    // biome-ignore lint/suspicious/noExplicitAny: mirrors BaseChatModel's signature.
    RunOutput extends Record<string, any> = Record<string, any>,
  >(
    // biome-ignore lint/suspicious/noExplicitAny: mirrors BaseChatModel's signature.
    outputSchema: InteropZodType<RunOutput> | SerializableSchema<RunOutput> | Record<string, any>,
    config?: StructuredOutputMethodOptions<boolean>,
  ):
    | Runnable<BaseLanguageModelInput, RunOutput>
    | Runnable<BaseLanguageModelInput, { raw: BaseMessage; parsed: RunOutput }> {
    return buildStructuredOutput<RunOutput>(this, outputSchema, config);
  }
}

/**
 * One id per response. PolarGrid does not promise unique response ids, and a repeated id makes
 * LangGraph's `messages` reducer overwrite the earlier message; so LangChain's `run-<runId>` is
 * used when there is a run, and a fresh random one otherwise (plain `invoke` without callbacks).
 */
function responseMessageId(runManager: CallbackManagerForLLMRun | undefined): string {
  return `run-${runManager?.runId ?? globalThis.crypto.randomUUID()}`;
}
