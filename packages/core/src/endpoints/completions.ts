/** `POST /v1/completions` (text completions), whole and streamed. */
import type { Completion, CompletionRequest } from '../types/other-types.js';
import { type EventStream, generate } from '../connection/edge-io.js';
import { generateStream } from '../connection/stream-generation.js';
import type { RequestOptions, WithMeta } from '../types/options.js';
import type { PolarGridEdge } from '../connection/polargrid-edge.js';
import { type CompletionResult, completionResultOf } from '../stream/chat-result.js';
import { decodeCompletionStream } from '../stream/completion-stream-decoder.js';
import type { CompletionStreamEvent } from '../stream/events.js';
import { decodeCompletion } from '../stream/whole-answer.js';
import { prepareCompletion } from './validate.js';

const COMPLETIONS_PATH = '/v1/completions';

/**
 * A text completion, not streamed: wire response, the events it decodes to (as its stream
 * would), their fold (`result`) and route.
 */
export async function createCompletion(
  edge: PolarGridEdge,
  body: CompletionRequest,
  options?: RequestOptions,
): Promise<WithMeta<Completion> & { events: CompletionStreamEvent[]; result: CompletionResult }> {
  return generate(
    edge,
    COMPLETIONS_PATH,
    prepareCompletion(body, false),
    options,
    (data: Completion) => {
      const events = decodeCompletion(data);
      return { events, result: completionResultOf(events) };
    },
  );
}

/** A streamed text completion (`stream: true`, usage included), decoded into normalised events. */
export async function streamCompletion(
  edge: PolarGridEdge,
  body: CompletionRequest,
  options?: RequestOptions,
): Promise<EventStream<CompletionStreamEvent>> {
  return generateStream(
    edge,
    COMPLETIONS_PATH,
    prepareCompletion(body, true),
    options,
    decodeCompletionStream,
  );
}
