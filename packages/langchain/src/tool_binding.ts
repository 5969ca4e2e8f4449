import type { BaseLanguageModelInput } from '@langchain/core/language_models/base';
import type { ChatModelStream } from '@langchain/core/language_models/stream';
import type { AIMessageChunk } from '@langchain/core/messages';
import { mergeConfigs, RunnableBinding } from '@langchain/core/runnables';
import type { StreamEvent } from '@langchain/core/tracers/log_stream';
import type { IterableReadableStream } from '@langchain/core/utils/stream';
import type { ChatPolarGridCallOptions } from './chat_models.js';

type Base = RunnableBinding<BaseLanguageModelInput, AIMessageChunk, ChatPolarGridCallOptions>;
/** Core's event-stream handler options (its type is not exported from a public entry point). */
type StreamOptions = Parameters<Base['streamEvents']>[2];

/** The part of ChatPolarGrid the binding calls (structural, to avoid an import cycle). */
interface NativeEventSource {
  streamEvents(
    input: BaseLanguageModelInput,
    options?: Partial<ChatPolarGridCallOptions>,
  ): ChatModelStream;
}

/**
 * What {@link ChatPolarGrid.bindTools} (and `withConfig`) returns: a `RunnableBinding` whose
 * `streamEvents(input)` without a `version` gives the model's native `ChatModelStream` (with
 * `.toolCalls`, `.text`, `.usage`), the same as on the unbound model.
 *
 * Why: `RunnableBinding.streamEvents` in `@langchain/core` 1.4.0 reads `options.version`
 * unconditionally, so `model.bindTools(tools).streamEvents(input)` throws "Cannot read properties
 * of undefined (reading 'version')", and with `{}` it yields bare events without the
 * `ChatModelStream` helpers that `BaseChatModel.streamEvents(input)` gives. No upstream issue was found for it (searched the
 * langchainjs tracker for the error text and for bound-model `streamEvents`, Dec 2026).
 * `version: 'v1' | 'v2'` keeps core's callback-based event stream.
 */
export class ChatPolarGridBinding extends RunnableBinding<
  BaseLanguageModelInput,
  AIMessageChunk,
  ChatPolarGridCallOptions
> {
  /** Keeps the binding's own class, so chained bindings keep its `streamEvents`. */
  override withConfig(config: Partial<ChatPolarGridCallOptions>): ChatPolarGridBinding {
    return super.withConfig(config) as ChatPolarGridBinding;
  }

  override streamEvents(
    input: BaseLanguageModelInput,
    options: Partial<ChatPolarGridCallOptions> & { version: 'v1' | 'v2' },
    streamOptions?: StreamOptions,
  ): IterableReadableStream<StreamEvent>;

  override streamEvents(
    input: BaseLanguageModelInput,
    options: Partial<ChatPolarGridCallOptions> & {
      version: 'v1' | 'v2';
      encoding: 'text/event-stream';
    },
    streamOptions?: StreamOptions,
  ): IterableReadableStream<Uint8Array>;

  /** Native event stream of the bound model, with this binding's tools and options applied. */
  override streamEvents(
    input: BaseLanguageModelInput,
    options?: Partial<ChatPolarGridCallOptions>,
  ): ChatModelStream;

  override streamEvents(
    input: BaseLanguageModelInput,
    options?: Partial<ChatPolarGridCallOptions> & { version?: 'v1' | 'v2'; encoding?: string },
    streamOptions?: StreamOptions,
  ): IterableReadableStream<StreamEvent> | IterableReadableStream<Uint8Array> | ChatModelStream {
    if (options?.version === 'v1' || options?.version === 'v2') {
      return super.streamEvents(
        input,
        options as Partial<ChatPolarGridCallOptions> & { version: 'v2' },
        streamOptions,
      );
    }
    // Config factories (async) are not applied here: the native path takes call options only.
    const merged = mergeConfigs<ChatPolarGridCallOptions>(this.config, options, this.kwargs);
    return (this.bound as unknown as NativeEventSource).streamEvents(input, merged);
  }
}
