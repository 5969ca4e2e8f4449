import type { LanguageModelV4GenerateResult } from '@ai-sdk/provider';
import type { ResponseMeta } from '@polargrid/core';

/** The fields of a normalised core result that describe the response. */
interface ResultIdentity {
  id: string | undefined;
  model: string | undefined;
  /** Unix seconds; 0 or absent means unknown. */
  created: number | undefined;
}

/** `response` of a generate result (chat and completion): id, model, timestamp, headers, body. */
export function generateResponseInfo(
  result: ResultIdentity,
  meta: ResponseMeta,
  body: unknown,
): NonNullable<LanguageModelV4GenerateResult['response']> {
  const info: NonNullable<LanguageModelV4GenerateResult['response']> = {
    headers: meta.headers,
    body,
  };
  if (result.id !== undefined) info.id = result.id;
  if (result.model !== undefined) info.modelId = result.model;
  if (result.created !== undefined && result.created > 0) {
    info.timestamp = new Date(result.created * 1000);
  }
  return info;
}
