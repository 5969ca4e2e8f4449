/**
 * §8 pitfalls that must hold in every runtime (this file runs in Node and in the edge-runtime
 * sandbox). The wire-level pitfalls are in `pitfalls.node.test.ts`.
 */
import { LoadAPIKeyError } from '@ai-sdk/provider';
import { generateText } from 'ai';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createPolarGrid } from '../src/index.js';
import { emulatorProvider, fault } from './helpers.js';

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

describe('pitfall 13: retry-after is honoured', () => {
  it('ai waits the 429 retry-after (3 s, longer than its own 2 s backoff) before the retry', async () => {
    // A custom fetch asks the shared emulator for a 429 on the first edge request only.
    const sent: number[] = [];
    const pg = emulatorProvider({
      fetch: (input, init) => {
        const headers = new Headers(init?.headers);
        if (headers.has('authorization')) {
          sent.push(Date.now());
          if (sent.length === 1) {
            for (const [k, v] of Object.entries(fault('rate-limit;retryAfter=3')))
              headers.set(k, v);
          }
        }
        return fetch(input, { ...init, headers });
      },
    });
    const result = await generateText({
      model: pg('qwen-3.8-27b'),
      prompt: 'Hi',
      maxOutputTokens: 5,
      maxRetries: 1,
    });
    expect(result.text.length).toBeGreaterThan(0);
    expect(sent).toHaveLength(2);
    // Only the header explains a gap this long: without it ai would have retried after 2 s.
    expect(sent[1]! - sent[0]!).toBeGreaterThanOrEqual(2900);
  });
});
