import { type EdgeEmulator, startEdgeEmulator } from '@polargrid/edge-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runExample } from './run-example.ts';

let emulator: EdgeEmulator;

beforeAll(async () => {
  emulator = await startEdgeEmulator();
});
afterAll(async () => {
  await emulator?.close();
});

/** The numbered source lines the example prints under "Retrieved sources:". */
function retrievedIds(stdout: string): string[] {
  return [...stdout.matchAll(/^\s+\d+\. \S+ \[([\w-]+)\] score/gm)].map((m) => m[1] as string);
}

describe('rag example', () => {
  it('retrieves the rate-limit note for a rate-limit question and answers from it', async () => {
    emulator.resetRequests();
    const run = await runExample(
      ['How many requests per minute does PolarGrid allow per API key?'],
      emulator.env,
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(retrievedIds(run.stdout)[0]).toBe('rate-limits');
    expect(run.stdout).toMatch(/Answer: \S/);

    // It really embedded the corpus and the question, then asked the chat model with the context.
    const embeds = emulator.requests.filter((r) => r.path === '/v1/embeddings');
    expect(embeds.length).toBeGreaterThanOrEqual(2);
    const chat = emulator.requests.find((r) => r.path === '/v1/chat/completions');
    expect(JSON.stringify(chat?.body)).toContain('100 requests per minute');
  });

  it('retrieves a different document for a different question', async () => {
    const run = await runExample(
      ['Which voices does kokoro-82m text to speech offer?'],
      emulator.env,
    );
    expect(run.code).toBe(0);
    expect(retrievedIds(run.stdout)[0]).toBe('kokoro-voices');
  });

  it('starts its own emulator when POLARGRID_API_KEY is not set', async () => {
    const run = await runExample(['What are the PolarGrid rate limits per API key?'], {});
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Using local edge emulator');
    expect(retrievedIds(run.stdout)[0]).toBe('rate-limits');
  });
});
