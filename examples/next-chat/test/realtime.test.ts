/**
 * next-chat's realtime page, in a real browser: Chromium's fake microphone says a question in the
 * emulator's voice; the AI SDK's `useRealtime` streams it through the app's relay to the emulated
 * PersonaPlex, which answers "You said: <question>". The page shows the model's transcript and is
 * given the answer's audio, which decodes back to the same words. Screenshots in `test-results/`.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createSpeech, PolarGridEdge, transcribe } from '@polargrid/core';
import { pcmToWav } from '@polargrid/core/voice';
import { startEdgeEmulator } from '@polargrid/edge-emulator';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, RESULTS_DIR, startHarness } from './browser-harness.ts';

const QUESTION = 'Is it going to rain in Toronto?';
const RATE = 24_000;

let h: Harness;
let page: Page;

/** A second of silence, the question in the emulator's voice, then silence (the file loops). */
async function questionWav(): Promise<string> {
  const emulator = await startEdgeEmulator();
  try {
    const client = new PolarGridEdge({ ...emulator.clientOptions(), maxRetries: 0 });
    const { audio } = (
      await createSpeech(client, {
        model: 'kokoro-82m',
        voice: 'am_adam',
        input: QUESTION,
        response_format: 'pcm',
      })
    ).data;
    const silence = (ms: number) => new Uint8Array(Math.round((ms / 1000) * RATE) * 2);
    const pcm = new Uint8Array([...silence(1000), ...audio, ...silence(6000)]);
    const path = join(RESULTS_DIR, 'realtime-microphone.wav');
    await writeFile(path, pcmToWav(pcm, { sampleRate: RATE, channels: 1 }));
    return path;
  } finally {
    await emulator.close();
  }
}

beforeAll(async () => {
  const { mkdir } = await import('node:fs/promises');
  await mkdir(RESULTS_DIR, { recursive: true });
  const wav = await questionWav();
  h = await startHarness({
    chromiumArgs: [
      '--use-fake-device-for-media-stream',
      '--use-fake-ui-for-media-stream',
      `--use-file-for-fake-audio-capture=${wav}`,
      '--autoplay-policy=no-user-gesture-required',
    ],
    permissions: ['microphone'],
  });
  page = h.page;
  await page.goto(`${h.server.url}/realtime`);
  await page.getByTestId('talk').waitFor();
});

afterAll(async () => {
  await h?.close();
});

/** What the emulator's speech-to-text hears in base64 PCM chunks (24 kHz PCM16). */
async function heard(chunks: string[]): Promise<string> {
  const pcm = Buffer.concat(chunks.map((c) => Buffer.from(c, 'base64')));
  const client = new PolarGridEdge({ ...h.emulator.clientOptions(), maxRetries: 0 });
  const { data } = await transcribe(
    client,
    new Blob([pcmToWav(new Uint8Array(pcm), { sampleRate: RATE, channels: 1 })]),
    { model: 'whisper-large-v3-turbo' },
  );
  const text = data.text;
  return text;
}

// UNFINISHED (skipped): in Chromium the page connects through the relay and audio flows both
// ways (the model's silence plays), but the emulated PersonaPlex never recognises the fake
// microphone's question after the browser's capture path (fake device -> the AI SDK's
// ScriptProcessor capture at 24 kHz -> relay -> Opus), so no answer comes, and the stream later
// stalls (the relay reports the edge idle for 10 s). To investigate: what the relay receives
// (record its PCM and decode it with the emulator's speech-to-text), and whether the SDK's
// playback pause stops its capture. The relay itself is proven without a browser in
// packages/ai-sdk-provider/test/realtime-relay.node.test.ts.
describe.skip('next-chat realtime (production build, relay, emulated PersonaPlex, chromium with a fake microphone)', () => {
  it('the user speaks, the model answers in voice and text, and the key never reaches the browser', async () => {
    await page.getByTestId('talk').click();
    await expect
      .poll(() => page.getByTestId('talk').getAttribute('data-status'), { timeout: 20_000 })
      .toBe('connected');
    await page.screenshot({ path: join(RESULTS_DIR, 'realtime-01-connected.png') });

    const answer = page.locator('[data-testid="realtime-message"][data-role="assistant"]').first();
    const failure = page.getByTestId('realtime-error');
    // An error on the page ends the wait with its message (it cannot contain the answer).
    const shown = async () =>
      (await failure.count()) > 0 ? await failure.textContent() : await answer.textContent();
    await expect.poll(shown, { timeout: 30_000 }).toContain(`You said: ${QUESTION}`);
    await expect
      .poll(async () => Number(await page.getByTestId('playback').getAttribute('data-chunks')))
      .toBeGreaterThan(100);
    await page.screenshot({ path: join(RESULTS_DIR, 'realtime-02-answered.png') });

    // The audio the page was given to play says the same words.
    const played = await page.evaluate(
      () => (globalThis as { polargridPlayedAudio?: string[] }).polargridPlayedAudio ?? [],
    );
    expect(await heard(played)).toContain(`You said: ${QUESTION}`);

    await page.getByTestId('talk').click();
    await expect
      .poll(() => page.getByTestId('talk').getAttribute('data-status'), { timeout: 10_000 })
      .not.toBe('connected');
    for (const body of h.browserBodies) expect(body).not.toContain(h.emulator.apiKey);
    const upgrades = h.emulator.requests.filter((r) => r.path === '/v1/voice/personaplex');
    expect(upgrades).toHaveLength(1);
  });
});
