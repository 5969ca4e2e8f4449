import { type EdgeEmulator, startEdgeEmulator } from '@polargrid/edge-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { weatherFor } from '../src/tools.ts';
import { runExample } from './run-example.ts';

let emulator: EdgeEmulator;

beforeAll(async () => {
  emulator = await startEdgeEmulator();
});
afterAll(async () => {
  await emulator?.close();
});

describe('langchain-agent example', () => {
  it('calls the weather tool, prints its result, and answers', async () => {
    emulator.resetRequests();
    const run = await runExample(["What's the weather in Toronto right now?"], emulator.env);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);

    const lines = run.stdout.split('\n');
    const call = lines.findIndex((l) =>
      /^\[tool call\] get_weather \{.*"city":"Toronto".*\}/.test(l),
    );
    const result = lines.findIndex((l) => l.startsWith('[tool result] get_weather → '));
    const answer = lines.findIndex((l) => /^\[answer\] \S/.test(l));
    expect(call).toBeGreaterThanOrEqual(0);
    expect(result).toBeGreaterThan(call);
    expect(answer).toBeGreaterThan(result);
    // The printed result is the tool's real output.
    expect(lines[result]).toContain(JSON.stringify(weatherFor('Toronto')));
    // Model tokens streamed to the terminal before the answer line.
    expect(lines.slice(0, answer).some((l) => l.startsWith('Model: '))).toBe(true);

    // Two model calls: the first offered the tools, the second carried the tool result back.
    const chats = emulator.requests.filter((r) => r.path === '/v1/chat/completions');
    expect(chats.length).toBeGreaterThanOrEqual(2);
    expect(JSON.stringify(chats[0]?.body)).toContain('get_weather');
    expect(JSON.stringify(chats.at(-1)?.body)).toContain('"role":"tool"');
  });

  it('starts its own emulator when POLARGRID_API_KEY is not set', async () => {
    const run = await runExample(["What's the weather in Montreal?"], {});
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Using local edge emulator');
    expect(run.stdout).toMatch(/^\[tool call\] get_weather/m);
    expect(run.stdout).toMatch(/^\[answer\] \S/m);
  });
});
