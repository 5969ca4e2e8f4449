import { getModelCapabilities, type ModelCapabilities } from '@polargrid/core';

/**
 * Capability data for a model id (D8). Ids the catalogue does not know (new or pilot models) get
 * `undefined`: the provider then sends what the caller asked for and lets the edge decide,
 * rather than refusing a model it has no data about.
 */
export function capabilitiesOf(modelId: string): ModelCapabilities | undefined {
  return getModelCapabilities(modelId);
}
