/**
 * Documented context windows in tokens, by model id: the one source of these numbers.
 * {@link MODEL_CATALOG} reads its `contextWindow` fields from here, and chat validation reads
 * this table directly so that the chat path does not pull in the whole catalogue.
 * Models without a documented window are absent.
 */
export const CONTEXT_WINDOWS: ReadonlyMap<string, number> = new Map([
  ['qwen-3.8-27b', 262_144],
  ['qwen-3.5-9b', 8192],
]);
