/**
 * next-chat in a real browser: the production build on the edge emulator, driven through chromium.
 * Each step saves a screenshot to `test-results/`.
 */
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, RESULTS_DIR, startHarness } from './browser-harness.ts';

let h: Harness;
let page: Page;

beforeAll(async () => {
  h = await startHarness();
  page = h.page;
  await page.goto(h.server.url);
  await page.getByTestId('prompt').waitFor();
});

afterAll(async () => {
  await h?.close();
});

const shot = (name: string) => page.screenshot({ path: join(RESULTS_DIR, `${name}.png`) });
const lastAssistant = (): Locator =>
  page.locator('[data-testid="message"][data-role="assistant"]').last();
const assistantCount = () => page.locator('[data-testid="message"][data-role="assistant"]').count();

async function send(text: string): Promise<void> {
  await page.getByTestId('prompt').fill(text);
  await page.getByTestId('send').click();
}

async function waitReady(timeout = 30_000): Promise<void> {
  await page.locator('[data-testid="status"][data-status="ready"]').waitFor({ timeout });
}

/** Text length of the last assistant message's text parts, read in the page. */
function assistantTextLength(): Promise<number> {
  return page.evaluate(() => {
    const all = document.querySelectorAll('[data-testid="message"][data-role="assistant"]');
    const last = all[all.length - 1];
    if (!last) return 0;
    let n = 0;
    for (const el of last.querySelectorAll('[data-testid="assistant-text"]')) {
      n += el.textContent?.length ?? 0;
    }
    return n;
  });
}

function chatRequests() {
  return h.emulator.requests.filter((r) => r.path === '/v1/chat/completions');
}

describe('next-chat (production build, edge emulator, chromium)', () => {
  it('lists chat models from the edge in the model picker', async () => {
    const options = page.getByTestId('model-select').locator('option');
    await expect.poll(() => options.allTextContents()).toContain('qwen-3.8-27b');
    // The emulator's edges also serve an embedding model; it is no chat model.
    expect(await options.allTextContents()).not.toContain('pg-embed-v1');
    await expect.poll(() => page.getByTestId('models-source').textContent()).toMatch(/edge: /);
  });

  it('streams an answer token by token and shows region, TTFT and usage', async () => {
    const before = await assistantCount();
    const exchangesBefore = h.proxy.exchanges.length;
    await send('Explain how edge inference keeps latency low for users');
    await expect.poll(assistantCount).toBe(before + 1);

    // Sample the visible text while the answer streams: it must grow in many steps.
    const samples: number[] = [];
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      samples.push(await assistantTextLength());
      if ((await page.getByTestId('status').getAttribute('data-status')) === 'ready') break;
      await page.waitForTimeout(40);
    }
    const final = await assistantTextLength();
    const distinctNonZero = new Set(samples.filter((n) => n > 0 && n < final));
    expect(final).toBeGreaterThan(40);
    // Partial lengths seen before the end: not all at once.
    expect(distinctNonZero.size).toBeGreaterThanOrEqual(5);
    // Never shrinks while streaming.
    for (let i = 1; i < samples.length; i++) {
      expect(samples[i]).toBeGreaterThanOrEqual(samples[i - 1] as number);
    }

    // A finished answer's edge stream ran to its end (the proxy's contrast to the stop test).
    const streamed = h.proxy.exchanges
      .slice(exchangesBefore)
      .filter((e) => e.path === '/v1/chat/completions');
    expect(streamed.map((e) => [e.completed, e.callerHungUp])).toEqual([[true, false]]);

    const meta = lastAssistant().getByTestId('answer-meta');
    await expect.poll(() => meta.getByTestId('meta-region').textContent()).toMatch(/yto-01/);
    expect(await meta.getByTestId('meta-ttft').textContent()).toMatch(/TTFT \d+ ms/);
    expect(await meta.getByTestId('meta-tokens').textContent()).toMatch(/\d+ in · \d+ out/);
    await shot('01-streaming');
  });

  it('runs a tool on the server and renders the call with its input and output', async () => {
    await send("What's the weather in Toronto?");
    const call = lastAssistant().locator('[data-testid="tool-call"][data-tool-name="get_weather"]');
    await call.waitFor({ timeout: 20_000 });
    await expect.poll(() => call.getByTestId('tool-input').textContent()).toContain('Toronto');
    await expect
      .poll(() => call.getByTestId('tool-output').textContent(), { timeout: 20_000 })
      .toContain('temperatureC');
    await waitReady();
    // The second step answered from the tool result.
    expect(await assistantTextLength()).toBeGreaterThan(0);
    await shot('02-tool-call');
  });

  it('stops a streaming answer, and the server aborts the edge request', async () => {
    h.emulator.resetRequests();
    const logsBefore = h.server.logs.length;
    const before = await assistantCount();
    await send('Write a long and detailed essay about glaciers, sea ice and polar research');
    // The new answer's own text, not the previous answer's: until the new message exists, the
    // last assistant message is the one before.
    await expect.poll(assistantCount, { timeout: 20_000 }).toBe(before + 1);
    await expect.poll(assistantTextLength, { timeout: 20_000 }).toBeGreaterThan(0);
    await page.getByTestId('stop').click();
    await waitReady(5_000);

    const atStop = await assistantTextLength();
    await page.waitForTimeout(800);
    expect(await assistantTextLength()).toBe(atStop); // no more tokens after stop
    await lastAssistant().getByTestId('meta-stopped').waitFor();

    // The route handler saw the client go away and aborted its streamText run…
    await expect
      .poll(() => h.server.logs.slice(logsBefore).join('\n'), { timeout: 10_000 })
      .toContain('ai-sdk stream aborted by the client');
    // …which closed its connection to the edge mid-stream,
    const edgeChats = () => h.proxy.exchanges.filter((e) => e.path === '/v1/chat/completions');
    await expect.poll(() => edgeChats().at(-1)?.callerHungUp, { timeout: 10_000 }).toBe(true);
    expect(edgeChats().at(-1)?.completed).toBe(false);
    // and no follow-up model call was made for the aborted answer.
    expect(chatRequests().length).toBe(1);
    await shot('03-stopped');
  });

  it('shows an error state when the edge fails, and recovers with retry', async () => {
    const fault = h.emulator.inject({ kind: 'server-error', status: 500 });
    try {
      await send('Summarise the benefits of regional inference');
      const error = page.getByTestId('error');
      await error.waitFor({ timeout: 30_000 });
      expect(await error.textContent()).toMatch(/500/);
      await shot('04-error');
    } finally {
      fault.remove();
    }
    await page.getByTestId('retry').click();
    await waitReady();
    await expect.poll(() => page.getByTestId('error').count()).toBe(0);
    expect(await assistantTextLength()).toBeGreaterThan(0);
  });

  it('shows an answer cut short as interrupted, not as a finished answer', async () => {
    // The edge ends the stream without a finish reason or [DONE]: useChat reports no error, and
    // only onFinish's finishReason ('interrupted') tells it from a whole answer.
    const fault = h.emulator.inject({ kind: 'no-finish' });
    try {
      await send('Describe the northern lights in detail');
      await waitReady();
      const answer = lastAssistant();
      await answer.getByTestId('meta-interrupted').waitFor({ timeout: 30_000 });
      expect(await answer.getByTestId('ending-note').textContent()).toMatch(/cut short/);
      expect(await page.getByTestId('error').count()).toBe(0);
      await shot('04b-interrupted');
    } finally {
      fault.remove();
    }
    // The next answer is whole again, and says nothing of an ending.
    await send('Say hello');
    await waitReady();
    await expect
      .poll(() => lastAssistant().getByTestId('assistant-text').count())
      .toBeGreaterThan(0);
    expect(await lastAssistant().getByTestId('ending-note').count()).toBe(0);
  });

  it('shows reasoning in a collapsible block when thinking is enabled', async () => {
    await page.getByTestId('thinking-toggle').check();
    await send('Why is the sky blue?');
    await waitReady();
    const reasoning = lastAssistant().getByTestId('reasoning');
    await reasoning.waitFor();
    expect(await reasoning.evaluate((el) => el.tagName)).toBe('DETAILS');
    await reasoning.locator('summary').click();
    expect((await reasoning.textContent())?.length ?? 0).toBeGreaterThan(20);
    const text = await lastAssistant().getByTestId('assistant-text').last().textContent();
    expect(text).not.toContain('<think>');
    expect(JSON.stringify(chatRequests().at(-1)?.body)).toContain('"enable_thinking":true');
    await shot('05-reasoning');
    await page.getByTestId('thinking-toggle').uncheck();
  });

  it('switches to the LangChain agent route and gets an answer with a tool call', async () => {
    await page.locator('label', { hasText: 'LangChain' }).click();
    expect(await page.getByTestId('backend-langchain').isChecked()).toBe(true);
    h.emulator.resetRequests();
    await send("What's the weather in Montreal?");
    const call = lastAssistant().locator('[data-testid="tool-call"][data-tool-name="get_weather"]');
    await call.waitFor({ timeout: 20_000 });
    await waitReady();
    await expect
      .poll(() => call.getByTestId('tool-output').textContent())
      .toContain('temperatureC');
    expect(await assistantTextLength()).toBeGreaterThan(0);
    const meta = lastAssistant().getByTestId('answer-meta');
    expect(await meta.textContent()).toContain('LangChain');
    expect(await meta.getByTestId('meta-region').textContent()).toMatch(/yto-01/);
    // The agent made both model calls through the edge.
    expect(chatRequests().length).toBeGreaterThanOrEqual(2);
    await shot('06-langchain');
  });

  it('never sends the API key to the browser', () => {
    expect(h.browserBodies.length).toBeGreaterThan(0);
    for (const body of h.browserBodies) expect(body).not.toContain(h.emulator.apiKey);
  });
});
