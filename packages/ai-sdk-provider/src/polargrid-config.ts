import type { JSONObject } from '@ai-sdk/provider';
import type { PolarGridEdge } from '@polargrid/core';
import { createClientFactory } from './polargrid-client.js';
import type { PolarGridProviderSettings } from './polargrid-settings.js';

/** What every PolarGrid model needs from its provider. */
export interface PolarGridModelConfig {
  /** Provider id reported to `ai`, e.g. `polargrid.chat`. */
  provider: string;
  /** The provider's one shared edge client (created on first use). */
  client: () => PolarGridEdge;
  /** Report token usage from streams (the core always requests it, D6). */
  includeUsage: boolean;
  /** The provider settings that survive serialisation (never the key). */
  settings: JSONObject;
  /** Clock for response timestamps when the server sends none (tests inject one). */
  currentDate?: () => Date;
}

/** The serialised form of a model (workflow step boundaries). */
export interface SerializedPolarGridModel {
  modelId: string;
  config: { provider: string; settings: JSONObject };
}

/** `static [WORKFLOW_SERIALIZE]` body shared by all PolarGrid models. */
export function serializeModel(
  modelId: string,
  config: PolarGridModelConfig,
): SerializedPolarGridModel {
  return { modelId, config: { provider: config.provider, settings: config.settings } };
}

/** Rebuilds a model config after deserialisation: a fresh client, the key from the environment. */
export function deserializeConfig(serialized: SerializedPolarGridModel): PolarGridModelConfig {
  const settings = serialized.config.settings as PolarGridProviderSettings;
  return {
    provider: serialized.config.provider,
    client: createClientFactory(settings),
    includeUsage: settings.includeUsage ?? true,
    settings: serialized.config.settings,
  };
}
