import { APICallError, generateText, streamText } from 'ai';
import { afterEach, describe, expect, it } from 'vitest';
import { countingFetch, refusedURL, silentServer } from '../../core/test/helpers/dead-ends.js';
import { createPolarGrid } from '../src/index.js';

// Issue 22: with nothing reachable, the AI SDK's own retries (maxRetries, default 2) must not
// multiply the core's answer: one final APICallError (isRetryable: false), well within 15 s.

const BUDGET_MS = 15_000;
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

async function deadProvider(autorouterURL: string) {
  const edgeURLs = {
    'yto-01': await refusedURL(),
    'yul-01': await refusedURL(),
    'yvr-02': await refusedURL(),
  };
  const counter = countingFetch();
  const pg = createPolarGrid({
    apiKey: 'pg_test_key_0123456789',
    autorouterURL,
    edgeURLs,
    fetch: counter.fetch,
  });
  const edgeRequests = () => Object.values(edgeURLs).map((url) => counter.sent(url));
  return { pg, edgeRequests };
}

async function timed(call: () => Promise<unknown>) {
  const start = performance.now();
  const error = await call().then(
    () => undefined,
    (e: unknown) => e,
  );
  return { error, ms: performance.now() - start };
}

function expectFinal(error: unknown) {
  expect(APICallError.isInstance(error)).toBe(true);
  const e = error as APICallError;
  expect(e.isRetryable).toBe(false);
  expect(e.message).toMatch(/Nothing answered.*POLARGRID_AUTOROUTER_URL.*POLARGRID_BASE_URL/s);
}

describe('when nothing answers (AI SDK, default maxRetries)', () => {
  it('generateText and streamText: one final APICallError, one request per edge', async () => {
    const { pg, edgeRequests } = await deadProvider(await refusedURL());
    const text = await timed(() => generateText({ model: pg('qwen-3.8-27b'), prompt: 'Hi' }));
    expect(text.ms).toBeLessThan(BUDGET_MS);
    expectFinal(text.error);
    expect(edgeRequests()).toEqual([1, 1, 1]);

    let streamed: unknown;
    const stream = await timed(async () => {
      const result = streamText({
        model: pg('qwen-3.8-27b'),
        prompt: 'Hi',
        onError: ({ error }) => {
          streamed = error;
        },
      });
      await result.consumeStream();
    });
    expect(stream.ms).toBeLessThan(BUDGET_MS);
    expectFinal(streamed);
    expect(edgeRequests()).toEqual([2, 2, 2]);
  });

  it('an autorouter that accepts and never answers: the same, after the discovery timeout', async () => {
    const silent = await silentServer();
    closers.push(silent.close);
    const { pg, edgeRequests } = await deadProvider(silent.url);
    const { error, ms } = await timed(() =>
      generateText({ model: pg('qwen-3.8-27b'), prompt: 'Hi' }),
    );
    expect(ms).toBeLessThan(BUDGET_MS);
    expectFinal(error);
    expect(edgeRequests()).toEqual([1, 1, 1]);
  });
});
