import type { ModelCapabilities } from '../types/model-capabilities.js';

/** Defaults of a catalogue entry: no optional capability, not retired. */
export const BASE_CAPABILITIES = {
  tools: false,
  reasoning: false,
  structuredOutput: false,
  vision: false,
  contextWindow: undefined,
  maxOutputTokens: undefined,
  retired: false,
} as const;

/**
 * The chat models PolarGrid documents (D8: data, refreshed by hand from PolarGrid's model pages
 * and changelog). Kept apart from the audio and embedding entries so that the chat request
 * checks (context window, tools, images, retirement) carry only what they read.
 */
export const CHAT_MODELS: readonly ModelCapabilities[] = [
  {
    ...BASE_CAPABILITIES,
    id: 'qwen-3.8-27b',
    type: 'chat',
    tools: true,
    reasoning: true,
    structuredOutput: true,
    contextWindow: 262_144,
    maxOutputTokens: 4096,
    regions: ['yvr-02', 'yto-01', 'yul-01'],
    notes: 'Current public LLM: tools and thinking, 256K context.',
  },
  {
    ...BASE_CAPABILITIES,
    id: 'qwen-3.5-27b',
    type: 'chat',
    reasoning: true,
    maxOutputTokens: 4096,
    regions: ['yvr-02', 'yto-01', 'yul-01'],
    retired: true,
    retiredOn: '2026-08-20',
    replacement: 'qwen-3.8-27b',
    notes: 'Retired on 2026-08-20; edges answer 404 model_not_loaded. Use qwen-3.8-27b.',
  },
  {
    ...BASE_CAPABILITIES,
    id: 'qwen-3.5-9b',
    type: 'chat',
    reasoning: true,
    contextWindow: 8192,
    maxOutputTokens: 4096,
    // Its page lists the V1 region yvr-01, which the current region table no longer has.
    regions: ['yvr-01'],
    retired: true,
    // PolarGrid published no date of its own: it left the catalogue before qwen-3.8-27b became
    // the only public LLM on 2026-08-20, so it has been retired since that date at the latest.
    retiredOn: '2026-08-20',
    replacement: 'qwen-3.8-27b',
    notes: 'Retired (earlier V3 default; no tools, 8K context). Use qwen-3.8-27b.',
  },
];

const byId = new Map(CHAT_MODELS.map((model) => [model.id, model]));

/** Catalogue data of a chat model id, or undefined for ids the catalogue does not know. */
export function chatModelData(id: string): ModelCapabilities | undefined {
  return byId.get(id);
}
