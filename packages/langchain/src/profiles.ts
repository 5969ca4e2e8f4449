import type { ModelProfile } from '@langchain/core/language_models/profile';
import { getModelCapabilities, type ModelCapabilities } from '@polargrid/core';

/**
 * A LangChain {@link ModelProfile} derived from the core's capability catalogue (D8: data, not
 * logic). Unknown model ids get `{}` so LangChain falls back to its defaults.
 */
export function profileFromCapabilities(caps: ModelCapabilities | undefined): ModelProfile {
  if (caps === undefined || caps.type !== 'chat') return {};
  const profile: ModelProfile = {
    toolCalling: caps.tools,
    toolChoice: caps.tools,
    structuredOutput: caps.structuredOutput,
    reasoningOutput: caps.reasoning,
    imageInputs: caps.vision,
    imageUrlInputs: caps.vision,
    pdfInputs: false,
    audioInputs: false,
    videoInputs: false,
    imageOutputs: false,
    audioOutputs: false,
    videoOutputs: false,
  };
  if (caps.contextWindow !== undefined) profile.maxInputTokens = caps.contextWindow;
  if (caps.maxOutputTokens !== undefined) profile.maxOutputTokens = caps.maxOutputTokens;
  return profile;
}

/** The profile of a model id, from the core's catalogue, with per-instance overrides on top. */
export function getProfile(model: string, overrides?: Partial<ModelProfile>): ModelProfile {
  const base = profileFromCapabilities(getModelCapabilities(model));
  return overrides ? { ...base, ...overrides } : base;
}
