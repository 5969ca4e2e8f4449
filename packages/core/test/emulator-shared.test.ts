import { describe, expect, inject, it } from 'vitest';
import { isPolarGridError } from '../src/errors/polargrid-error.js';
import { PolarGrid } from '../src/sdk.js';
import { createChatCompletion, streamChatCompletion, PolarGridEdge } from '../src/index.js';

// Runs in both projects (Node and edge-runtime) against the emulator started by test/global-setup.ts.
const emulator = inject('emulator');
const CHAT = {
  model: 'qwen-3.8-27b',
  messages: [{ role: 'user' as const, content: 'Hello' }],
  max_tokens: 12,
};

describe('runtime-neutral client against the shared emulator', () => {
  const options = () => ({ ...emulator, maxRetries: 0 });

  it('auto-routes and completes a chat', async () => {
    const client = new PolarGridEdge(options());
    const out = await createChatCompletion(client, CHAT);
    expect(out.meta.routeSource).toBe('autorouter');
    expect(out.result.text.length).toBeGreaterThan(0);
    expect(out.result.finishReason).toMatch(/stop|length/);
  });

  it('streams a chat to a finish event', async () => {
    const client = new PolarGridEdge(options());
    const { events } = await streamChatCompletion(client, CHAT);
    const types: string[] = [];
    for await (const e of events) types.push(e.type);
    expect(types[0]).toBe('metadata');
    expect(types).toContain('text-delta');
    expect(types.at(-1)).toBe('finish');
  });

  it('per-request fault header: 503s fail over through every candidate, then surface typed', async () => {
    const client = new PolarGridEdge({ ...options(), region: 'yto-01' });
    const error = await createChatCompletion(client, CHAT, {
      headers: { 'x-pg-emulator-fault': 'server-error;status=503' },
    }).catch((e: unknown) => e);
    // The header travels with every attempt: yto-01 → yul-01 → yvr-02 (maxFailovers 2), then the error.
    expect(error).toMatchObject({ name: 'ServerError', status: 503, region: 'yvr-02' });
  });

  it('an aborted request rejects with AbortError', async () => {
    const client = new PolarGridEdge(options());
    const controller = new AbortController();
    controller.abort();
    const error = await createChatCompletion(client, CHAT, { signal: controller.signal }).catch(
      (e: unknown) => e,
    );
    expect(isPolarGridError(error)).toBe(true);
    expect((error as Error).name).toBe('AbortError');
  });

  it('the official surface resolves a region eagerly', async () => {
    const pg = await PolarGrid.create(options());
    expect(pg.getRegionId()).toBe('yto-01');
    const res = await pg.chatCompletion({
      model: 'qwen-3.8-27b',
      messages: CHAT.messages,
      maxTokens: 8,
    });
    expect(res.choices[0]!.finishReason).toBeTruthy();
  });
});
