/** The capability table's row type (the data is `catalog/`). */
/** What a model is for. */
export type ModelType = 'chat' | 'embedding' | 'tts' | 'stt';

/** Capability data for one model id (D8: data, refreshed by hand from PolarGrid's model pages). */
export interface ModelCapabilities {
  id: string;
  type: ModelType;
  /** OpenAI-shaped `tools` / `tool_calls` (D2). */
  tools: boolean;
  /** `enable_thinking` → inline `<think>` reasoning (D4). */
  reasoning: boolean;
  /** `response_format: json_schema` honoured (D3). */
  structuredOutput: boolean;
  /** Accepts `image_url` parts. */
  vision: boolean;
  /** Context window in tokens, when documented. */
  contextWindow: number | undefined;
  /** Largest `max_tokens` the edge accepts. */
  maxOutputTokens: number | undefined;
  /** Regions listed on the model's page. */
  regions: readonly string[];
  /**
   * No edge serves it any more (edges answer 404 `model_not_loaded`); the core refuses it before
   * the network with code `model_retired`, naming `retiredOn` and `replacement`.
   */
  retired: boolean;
  /** ISO date since which the model is retired. */
  retiredOn?: string | undefined;
  /** The model to use instead of a retired one. */
  replacement?: string | undefined;
  /** Not in PolarGrid's public catalogue (e.g. the emulator's embedding model). */
  emulatorOnly?: boolean | undefined;
  /** TTS: preset voices. */
  voices?: readonly string[] | undefined;
  /** STT/TTS languages, when listed. */
  languages?: readonly string[] | undefined;
  notes?: string | undefined;
}
