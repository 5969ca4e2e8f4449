import { MODEL_CATALOG } from '@polargrid/core';
import { expect, it } from 'vitest';
import { KNOWN_MODEL_IDS } from './polargrid-model-ids.js';

it('lists exactly the models of the core catalogue that are not retired, by kind', () => {
  for (const kind of ['chat', 'embedding', 'tts', 'stt'] as const) {
    const catalogue = MODEL_CATALOG.filter((m) => m.type === kind && !m.retired).map((m) => m.id);
    expect([...KNOWN_MODEL_IDS[kind]].sort(), kind).toEqual(catalogue.sort());
  }
});

it('offers no retired id', () => {
  const retired = MODEL_CATALOG.filter((m) => m.retired).map((m) => m.id);
  expect(retired).toEqual(['qwen-3.5-27b', 'qwen-3.5-9b']);
  const offered: readonly string[] = Object.values(KNOWN_MODEL_IDS).flat();
  for (const id of retired) expect(offered).not.toContain(id);
});
