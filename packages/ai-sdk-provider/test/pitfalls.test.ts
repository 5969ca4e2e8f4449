/**
 * §8 pitfalls that must hold in every runtime (this file runs in Node and in the edge-runtime
 * sandbox). The wire-level pitfalls are in `pitfalls.node.test.ts`.
 */
import { LoadAPIKeyError } from '@ai-sdk/provider';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createPolarGrid } from '../src/index.js';

const prompt = [{ role: 'user' as const, content: [{ type: 'text' as const, text: 'Hi' }] }];

describe('pitfall 14: the key outside Node', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  // Only the key lookup runs while `process` is stubbed: it happens before any network call.
  const missingKeyError = async () => {
    const model = createPolarGrid({ baseURL: 'http://127.0.0.1:9' })('qwen-3.8-27b');
    return Promise.resolve(model.doGenerate({ prompt })).catch((e: unknown) => e);
  };

  it('a runtime without `process` gets a LoadAPIKeyError that says to pass apiKey', async () => {
    vi.stubGlobal('process', undefined);
    const error = await missingKeyError();
    vi.unstubAllGlobals();
    expect(LoadAPIKeyError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/no environment variables.*`apiKey` setting/);
  });

  it('a runtime whose process.env throws (Deno without --allow-env) gets the same', async () => {
    vi.stubGlobal('process', {
      get env(): never {
        throw new Error('Requires env access');
      },
    });
    const error = await missingKeyError();
    vi.unstubAllGlobals();
    expect(LoadAPIKeyError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/no environment variables/);
  });

  it('with process.env present but no key, the message names POLARGRID_API_KEY', async () => {
    const env = (globalThis as { process?: { env: Record<string, string | undefined> } }).process
      ?.env;
    const previous = env?.POLARGRID_API_KEY;
    if (env) delete env.POLARGRID_API_KEY;
    try {
      const error = await missingKeyError();
      expect(LoadAPIKeyError.isInstance(error)).toBe(true);
      expect((error as Error).message).toContain('POLARGRID_API_KEY');
    } finally {
      if (env && previous !== undefined) env.POLARGRID_API_KEY = previous;
    }
  });
});
