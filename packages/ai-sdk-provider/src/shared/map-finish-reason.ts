import type { LanguageModelV4FinishReason } from '@ai-sdk/provider';
import type { FinishReason } from '@polargrid/core';

const UNIFIED: Record<string, LanguageModelV4FinishReason['unified']> = {
  stop: 'stop',
  length: 'length',
  'tool-calls': 'tool-calls',
  'content-filter': 'content-filter',
  error: 'error',
  interrupted: 'interrupted',
  other: 'other',
};

/**
 * The core already normalises finish reasons (including `tool-calls` when calls exist and
 * `interrupted` for a cut stream); this keeps the raw value and maps anything unknown to `other`.
 */
export function mapFinishReason(
  reason: FinishReason | (string & {}),
  raw: string | null | undefined,
): LanguageModelV4FinishReason {
  const unified = Object.hasOwn(UNIFIED, reason) ? UNIFIED[reason] : undefined;
  return { unified: unified ?? 'other', raw: raw ?? undefined };
}
