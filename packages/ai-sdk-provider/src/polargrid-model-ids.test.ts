import { MODEL_CATALOG } from '@polargrid/core';
import { expect, it } from 'vitest';
import { KNOWN_MODEL_IDS } from './polargrid-model-ids.js';

it('lists exactly the models of the core catalogue, by kind', () => {
  for (const kind of ['chat', 'embedding', 'tts', 'stt'] as const) {
    const catalogue = MODEL_CATALOG.filter((m) => m.type === kind).map((m) => m.id);
    expect([...KNOWN_MODEL_IDS[kind]].sort(), kind).toEqual(catalogue.sort());
  }
});
