/**
 * next-chat talks, in a real browser: Chromium's fake microphone plays a WAV of the emulator's own
 * speech, the page records and transcribes it while it plays, sends the transcript, and speaks the
 * answer while it streams. Each step saves a screenshot to `test-results/`.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createSpeech, PolarGridEdge } from '@polargrid/core';
import { pcmToWav } from '@polargrid/core/voice';
import { startEdgeEmulator } from '@polargrid/edge-emulator';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, RESULTS_DIR, startHarness } from './browser-harness.ts';

/** Said in two breaths, so the first half is transcribed while the second is still being said. */
const FIRST_HALF = 'Explain how edge inference';
const SECOND_HALF = 'keeps latency low.';
const QUESTION = `${FIRST_HALF} ${SECOND_HALF}`;
const RATE = 24_000;

let h: Harness;
let page: Page;

/** The question as the emulator's voice says it: a second of silence, half, a pause, half, silence. */
async function questionWav(): Promise<string> {
  const emulator = await startEdgeEmulator();
  try {
    const client = new PolarGridEdge({ ...emulator.clientOptions(), maxRetries: 0 });
    const say = async (input: string) =>
      (
        await createSpeech(client, {
          model: 'kokoro-82m',
          voice: 'am_adam',
          input,
          response_format: 'pcm',
        })
      ).data.audio;
    const silence = (ms: number) => new Uint8Array(Math.round((ms / 1000) * RATE) * 2);
    const pcm = new Uint8Array([
      ...silence(1000),
      ...(await say(FIRST_HALF)),
      // Longer than the transcription's 300 ms segment pause, shorter than the page's 1.2 s stop.
      ...silence(600),
      ...(await say(SECOND_HALF)),
      ...silence(2500),
    ]);
    const path = join(RESULTS_DIR, 'microphone.wav');
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
  await page.goto(h.server.url);
  await page.getByTestId('prompt').waitFor();
});

afterAll(async () => {
  await h?.close();
});

const shot = (name: string) => page.screenshot({ path: join(RESULTS_DIR, `${name}.png`) });

describe('next-chat voice (production build, edge emulator, chromium with a fake microphone)', () => {
  it('transcribes the microphone as it speaks, sends it, and speaks the answer while it streams', async () => {
    await page.getByTestId('speak-toggle').check();
    await page.getByTestId('mic').click();
    await expect.poll(() => page.getByTestId('mic').getAttribute('data-listening')).toBe('true');

    // The first half's transcript appears in the prompt while the second half is still being said.
    const prompt = page.getByTestId('prompt');
    await expect
      .poll(
        async () => {
          const listening =
            (await page.getByTestId('mic').getAttribute('data-listening')) === 'true';
          return listening ? await prompt.inputValue() : 'stopped before any transcript';
        },
        { timeout: 20_000 },
      )
      .toBe(FIRST_HALF);
    await shot('voice-01-transcribing');

    // It stops by itself after the pause and sends exactly what was said.
    const user = page.locator('[data-testid="message"][data-role="user"]').last();
    await expect.poll(() => user.textContent(), { timeout: 30_000 }).toContain(QUESTION);
    await page.locator('[data-testid="status"][data-status="ready"]').waitFor({ timeout: 60_000 });
    await shot('voice-02-answered');

    const speech = page.getByTestId('speech');
    const audioAfter = Number(await speech.getAttribute('data-audio-after-ms'));
    const textAfter = Number(await speech.getAttribute('data-text-after-ms'));
    const chunks = Number(await speech.getAttribute('data-chunks'));
    console.log(
      `[voice] audio started ${audioAfter} ms after sending; text ended ${textAfter} ms after (${chunks} audio chunks)`,
    );
    expect(chunks).toBeGreaterThan(5);
    expect(audioAfter).toBeGreaterThan(0);
    // The answer was heard before its text had finished streaming.
    expect(audioAfter).toBeLessThan(textAfter);

    // The transcription went to the edge as segments over its SSE stream; the speech as sentences.
    const transcriptions = h.emulator.requests.filter((r) => r.path === '/v1/audio/transcriptions');
    expect(transcriptions.length).toBeGreaterThanOrEqual(1);
    const speechRequests = h.emulator.requests.filter((r) => r.path === '/v1/audio/speech');
    expect(speechRequests.length).toBeGreaterThan(1);
    // The key reached the edges, and never the browser.
    for (const body of h.browserBodies) expect(body).not.toContain(h.emulator.apiKey);
  });
});
