import type { UsageMetadata } from '@langchain/core/messages';
import type { ChatStreamEvent, FinishReason, ResponseMeta, TokenUsage } from '@polargrid/core';
import type { DecodeWarning, FinishEvent, ServerTimings } from './core_types.js';
import { toUsageMetadata } from './usage.js';

/** The provider id LangChain sees (`ls_provider`, `response_metadata.model_provider`). */
export const PROVIDER = 'polargrid';

/**
 * Core finish reason → the OpenAI-style string LangChain users expect in
 * `response_metadata.finish_reason`. `interrupted` (a stream cut before its finish reason) and
 * `error` are kept as they are, so partial output is recognisable.
 */
export function toWireFinishReason(reason: FinishReason, raw: string | null): string {
  switch (reason) {
    case 'stop':
      return 'stop';
    case 'length':
      return 'length';
    case 'tool-calls':
      return 'tool_calls';
    case 'content-filter':
      return 'content_filter';
    case 'interrupted':
      return 'interrupted';
    case 'error':
      return 'error';
    default:
      return raw ?? 'other';
  }
}

/** What `response_metadata` is built from. */
export interface ResponseInfo {
  /** The model id the request asked for. */
  requestedModel: string;
  /** The model id the server reported, if any. */
  serverModel: string | undefined;
  /** The server's response id (kept here, never used as the message id: PolarGrid may repeat it). */
  serverId: string | undefined;
  meta: ResponseMeta | undefined;
  finishReason: string | undefined;
  timings: ServerTimings | undefined;
  /** What the edge sent that the decoder did not use, one entry per kind. */
  warnings?: readonly DecodeWarning[] | undefined;
}

/**
 * `response_metadata` for the final message or chunk: `model_provider`, `model_name` and `model`
 * (the conformance usage check reads `model`), `finish_reason`, and where the answer came from
 * (`region`, `request_id`, `server_timings` from `pg_metadata`, D7), and `warnings` for what the
 * edge sent that the decoder did not use (nothing is dropped without a word).
 */
export function buildResponseMetadata(info: ResponseInfo): Record<string, unknown> {
  const model = info.serverModel ?? info.requestedModel;
  const metadata: Record<string, unknown> = {
    model_provider: PROVIDER,
    model_name: model,
    model,
  };
  if (info.finishReason !== undefined) metadata.finish_reason = info.finishReason;
  if (info.serverId !== undefined) metadata.id = info.serverId;
  if (info.meta !== undefined) {
    metadata.region = info.meta.region;
    if (info.meta.regionName !== undefined) metadata.region_name = info.meta.regionName;
    if (info.meta.requestId !== undefined) metadata.request_id = info.meta.requestId;
    // The edge memory's reordering and the hedge, so a trace says which edge answered and why.
    if (info.meta.routeReason !== undefined) metadata.route_reason = info.meta.routeReason;
    if (info.meta.hedged !== undefined) metadata.hedged = info.meta.hedged;
  }
  if (info.timings !== undefined) metadata.server_timings = { ...info.timings.raw };
  if (info.warnings !== undefined && info.warnings.length > 0) {
    metadata.warnings = info.warnings.map(({ code, message }) => ({ code, message }));
  }
  return metadata;
}

/** What both mappers (chunks and protocol events) know about one response before it starts. */
export interface ResponseFactsOptions {
  /** The model id the request asked for. */
  requestedModel: string;
  meta: ResponseMeta | undefined;
  /** Report token usage (`streamUsage`). */
  streamUsage: boolean;
}

/**
 * What a response says about itself on the way (`metadata`, `usage`, `server-timings` and
 * `warning` events),
 * kept by both mappers in the same way, and what its end reports from them: the
 * `usage_metadata` and `response_metadata` of the final chunk, message or `message-finish`.
 */
export class ResponseFacts {
  private serverId: string | undefined;
  private serverModel: string | undefined;
  private usage: TokenUsage | undefined;
  private timings: ServerTimings | undefined;
  private readonly warnings: DecodeWarning[] = [];

  constructor(private readonly options: ResponseFactsOptions) {}

  /** Records what an event says about the response (other events are ignored). */
  note(event: ChatStreamEvent): void {
    if (event.type === 'metadata') {
      this.serverId = event.id;
      this.serverModel = event.model;
    } else if (event.type === 'usage') this.usage = event.usage;
    else if (event.type === 'server-timings') this.timings = event.timings;
    else if (event.type === 'warning') this.warnings.push(event);
  }

  /** Usage (when reported) and response metadata at the response's `finish`. */
  atFinish(event: FinishEvent): {
    usage: UsageMetadata | undefined;
    responseMetadata: Record<string, unknown>;
  } {
    const usage = this.options.streamUsage ? toUsageMetadata(event.usage ?? this.usage) : undefined;
    const responseMetadata = buildResponseMetadata({
      requestedModel: this.options.requestedModel,
      serverModel: this.serverModel,
      serverId: this.serverId,
      meta: this.options.meta,
      finishReason: toWireFinishReason(event.reason, event.rawReason),
      timings: event.timings ?? this.timings,
      warnings: this.warnings,
    });
    return { usage, responseMetadata };
  }
}
