import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { embeddingsExample } from '../examples/embeddings.js';
import { generateTextExample } from '../examples/generate-text.js';
import { streamTextExample } from '../examples/stream-text.js';
import { structuredOutputExample } from '../examples/structured-output.js';
import { toolsExample } from '../examples/tools.js';
import { emulatorProvider } from './helpers.js';

// The README's examples, run as written against the emulator.
describe('README examples', () => {
  const polargrid = emulatorProvider();
  beforeAll(() => {
    vi.spyOn(console, 'log').mockImplementation(() => {});
  });
  afterAll(() => {
    vi.restoreAllMocks();
  });

  it('generate-text', async () => {
    expect((await generateTextExample(polargrid)).length).toBeGreaterThan(0);
  });
  it('stream-text', async () => {
    const { reasoning, text } = await streamTextExample(polargrid);
    expect(reasoning.length).toBeGreaterThan(0);
    expect(text.length).toBeGreaterThan(0);
  });
  it('tools', async () => {
    expect((await toolsExample(polargrid)).steps).toBeGreaterThanOrEqual(2);
  });
  it('structured-output', async () => {
    expect(await structuredOutputExample(polargrid)).toMatchObject({
      city: expect.any(String),
      population: expect.any(Number),
      coastal: expect.any(Boolean),
    });
  });
  it('embeddings', async () => {
    expect(await embeddingsExample(polargrid)).toBe(3);
  });
});
