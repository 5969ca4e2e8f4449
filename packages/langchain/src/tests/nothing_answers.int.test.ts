/**
 * Issue 22: with nothing reachable (autorouter and edges), ChatPolarGrid and an agent fail with
 * the core's final NetworkError well within 15 s, with LangChain's default retries (AsyncCaller,
 * maxRetries 6) not multiplying it: one request per edge.
 */
import { NetworkError } from '@polargrid/core';
import { createAgent } from 'langchain';
import { afterEach, describe, expect, test } from 'vitest';
import { countingFetch, refusedURL, silentServer } from '../../../core/test/helpers/dead-ends.js';
import { ChatPolarGrid } from '../chat_models.js';
import { weatherTool } from './fixtures.js';

const BUDGET_MS = 15_000;
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

async function deadModel(autorouterURL: string) {
  const edgeURLs = {
    'yto-01': await refusedURL(),
    'yul-01': await refusedURL(),
    'yvr-02': await refusedURL(),
  };
  const counter = countingFetch();
  // Default retries: the point is that they do not multiply the wait.
  const model = new ChatPolarGrid({
    apiKey: 'pg_test_key_0123456789',
    autorouterURL,
    edgeURLs,
    fetch: counter.fetch,
  });
  const edgeRequests = () => Object.values(edgeURLs).map((url) => counter.sent(url));
  return { model, edgeRequests };
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
  expect(error).toBeInstanceOf(NetworkError);
  expect((error as NetworkError).retryable).toBe(false);
  expect((error as Error).message).toMatch(
    /Nothing answered.*POLARGRID_AUTOROUTER_URL.*POLARGRID_BASE_URL/s,
  );
}

describe('when nothing answers (LangChain, default maxRetries)', () => {
  test('invoke and stream: one final NetworkError, one request per edge', async () => {
    const { model, edgeRequests } = await deadModel(await refusedURL());
    const invoked = await timed(() => model.invoke('Hello'));
    expect(invoked.ms).toBeLessThan(BUDGET_MS);
    expectFinal(invoked.error);
    expect(edgeRequests()).toEqual([1, 1, 1]);

    const streamed = await timed(async () => {
      for await (const _ of await model.stream('Hello'));
    });
    expect(streamed.ms).toBeLessThan(BUDGET_MS);
    expectFinal(streamed.error);
    expect(edgeRequests()).toEqual([2, 2, 2]);
  });

  test('an agent on an autorouter that accepts and never answers: the same, after the discovery timeout', async () => {
    const silent = await silentServer();
    closers.push(silent.close);
    const { model, edgeRequests } = await deadModel(silent.url);
    const agent = createAgent({ model, tools: [weatherTool] });
    const { error, ms } = await timed(() =>
      agent.invoke({ messages: [{ role: 'user', content: 'Weather in Toronto?' }] }),
    );
    expect(ms).toBeLessThan(BUDGET_MS);
    expectFinal(error);
    expect(edgeRequests()).toEqual([1, 1, 1]);
  });
});
