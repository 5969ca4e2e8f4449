/** Anchor: `streamText` over the zero-validation `LanguageModelV4` (the AI SDK's own floor). */
import type { Tally } from '../tally.ts';
import { consumeStreamText } from './ai-sdk-consume.ts';
import type { ChatStreamer, RunnerConfig } from './types.ts';
import { ZeroValidationModel } from './zero-validation-model.ts';

export function createStreamer(config: RunnerConfig): ChatStreamer {
  const model = new ZeroValidationModel(config);
  return (tally: Tally) => consumeStreamText(model, tally);
}
