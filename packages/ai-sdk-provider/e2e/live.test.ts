/**
 * Live end-to-end suite against the real PolarGrid API, gated on `POLARGRID_API_KEY` (skipped
 * without it; never part of `pnpm test`). Run: `POLARGRID_API_KEY=pg_… pnpm test:e2e`.
 * `POLARGRID_REGION`, `POLARGRID_BASE_URL` and the other `POLARGRID_*` variables apply as usual,
 * so the same suite also runs against the edge emulator's `env`.
 *
 * Assertions are about shape, never about what the model says. A regression found live gets a
 * file of its own under `e2e/issues/`, named for the issue it reproduces.
 */
import { embed, generateText, Output, stepCountIs, streamText, tool } from 'ai';
import { describe, expect, it } from 'vitest';
import { z } from 'zod/v4';
import { polargrid } from '../src/index.js';

const env = (globalThis as { process?: { env: Record<string, string | undefined> } }).process?.env;
const live = (env?.POLARGRID_API_KEY ?? '') !== '';
const chatModel = env?.POLARGRID_E2E_CHAT_MODEL ?? 'qwen-3.8-27b';

describe.skipIf(!live)('live PolarGrid', { timeout: 60_000 }, () => {
  it('generateText: text, usage and where it ran', async () => {
    const result = await generateText({
      model: polargrid(chatModel),
      prompt: 'Say hello in five words.',
      maxOutputTokens: 40,
      temperature: 0,
    });
    expect(result.text.length).toBeGreaterThan(0);
    expect(result.usage.inputTokens).toBeGreaterThan(0);
    expect(result.usage.outputTokens).toBeGreaterThan(0);
    expect(result.providerMetadata?.polargrid?.region).toEqual(expect.any(String));
  });

  it('streamText: usage from the stream, server timings, a normal finish', async () => {
    const result = streamText({
      model: polargrid(chatModel),
      prompt: 'Count from one to five.',
      maxOutputTokens: 60,
    });
    const types = new Set<string>();
    for await (const part of result.fullStream) types.add(part.type);
    expect(types.has('error')).toBe(false);
    expect(await result.finishReason).toMatch(/^(stop|length)$/);
    expect((await result.usage).outputTokens).toBeGreaterThan(0);
    expect((await result.providerMetadata)?.polargrid?.requestId ?? 'none').toEqual(
      expect.any(String),
    );
  });

  it('a tool loop reaches a final answer', async () => {
    const result = await generateText({
      model: polargrid(chatModel),
      prompt: 'What is the weather in Toronto? Use the tool.',
      stopWhen: stepCountIs(3),
      tools: {
        weather: tool({
          description: 'Current weather for a city',
          inputSchema: z.object({ city: z.string() }),
          execute: async ({ city }) => ({ city, temperatureC: 4, sky: 'cloudy' }),
        }),
      },
    });
    expect(result.steps[0]?.finishReason).toBe('tool-calls');
    expect(result.steps[0]?.toolCalls[0]?.toolName).toBe('weather');
    expect(result.text.length).toBeGreaterThan(0);
  });

  it('Output.object yields schema-valid JSON', async () => {
    const schema = z.object({ city: z.string(), country: z.string() });
    const result = await generateText({
      model: polargrid(chatModel),
      output: Output.object({ schema }),
      prompt: 'Name one Canadian city and its country.',
    });
    expect(schema.safeParse(result.output).success).toBe(true);
  });

  it.skipIf((env?.POLARGRID_E2E_EMBEDDING_MODEL ?? '') === '')(
    'embeddings, when an embedding model is named (PolarGrid lists none yet, D1)',
    async () => {
      const { embedding } = await embed({
        model: polargrid.embedding(env?.POLARGRID_E2E_EMBEDDING_MODEL ?? ''),
        value: 'edge inference',
      });
      expect(embedding.length).toBeGreaterThan(0);
    },
  );
});
