import { expectTypeOf, test } from 'vitest';
import { createPolarGrid } from './index.js';
import type {
  PolarGridChatModelId,
  PolarGridEmbeddingModelId,
  PolarGridSpeechModelId,
  PolarGridTranscriptionModelId,
} from './polargrid-model-ids.js';

test('model ids: known literals plus any string', () => {
  expectTypeOf<'qwen-3.8-27b'>().toExtend<PolarGridChatModelId>();
  expectTypeOf<'some-future-model'>().toExtend<PolarGridChatModelId>();
  expectTypeOf<'pg-embed-v1'>().toExtend<PolarGridEmbeddingModelId>();
  expectTypeOf<'kokoro-82m'>().toExtend<PolarGridSpeechModelId>();
  expectTypeOf<'whisper-large-v3-turbo'>().toExtend<PolarGridTranscriptionModelId>();
  // The literals survive (autocomplete): the union is not collapsed to plain string.
  expectTypeOf<PolarGridChatModelId>().not.toEqualTypeOf<string>();
  expectTypeOf<Extract<PolarGridSpeechModelId, 'tada-3b-ml'>>().toEqualTypeOf<'tada-3b-ml'>();
  // Retired ids are not offered (any string still type-checks; the core refuses them at run time).
  expectTypeOf<
    Extract<PolarGridChatModelId, 'qwen-3.5-27b' | 'qwen-3.5-9b'>
  >().toEqualTypeOf<never>();
});

test('the provider accepts the id types and rejects non-strings', () => {
  const pg = createPolarGrid();
  expectTypeOf(pg).parameter(0).toEqualTypeOf<PolarGridChatModelId>();
  expectTypeOf(pg.speech).parameter(0).toEqualTypeOf<PolarGridSpeechModelId>();
  // @ts-expect-error model ids are strings
  pg(42);
});
