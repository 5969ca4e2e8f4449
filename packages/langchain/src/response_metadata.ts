import type { FinishReason, ResponseMeta, ServerTimings } from '@polargrid/core';

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
}

/**
 * `response_metadata` for the final message or chunk: `model_provider`, `model_name` and `model`
 * (the conformance usage check reads `model`), `finish_reason`, and where the answer came from
 * (`region`, `request_id`, `server_timings` from `pg_metadata`, D7).
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
  }
  if (info.timings !== undefined) metadata.server_timings = { ...info.timings.raw };
  return metadata;
}
