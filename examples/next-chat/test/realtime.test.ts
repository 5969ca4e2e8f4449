/**
 * next-chat's realtime page, in a real browser: Chromium's fake microphone says questions in the
 * emulator's voice; the AI SDK's `useRealtime` streams them through the app's relay to the emulated
 * PersonaPlex, which answers "You said: <question>". The page shows the model's transcript and is
 * given the answer's audio, which decodes back to the same words; talking over an answer
 * interrupts it (barge-in). Screenshots in `test-results/`.
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
/** Asked after the first answer; the user talks over its answer with INTERRUPTION. */
const FOLLOW_UP = 'What about tomorrow?';
const INTERRUPTION = 'Stop, tell me about Montreal instead.';
const RATE = 24_000;
/** A sample this loud is speech (the emulator's onset level); 100 ms below it ends an utterance. */
const LOUD = 1_500;

let h: Harness;
let page: Page;

/** 24 kHz PCM16 of `text` in the emulator's voice. */
async function say(client: PolarGridEdge, text: string): Promise<Uint8Array> {
  const { audio } = (
    await createSpeech(client, {
      model: 'kokoro-82m',
      voice: 'am_adam',
      input: text,
      response_format: 'pcm',
    })
  ).data;
  return audio;
}

/**
 * What the fake microphone plays (the file loops, so it ends in a long silence): two seconds of
 * quiet while the page connects, the question, four seconds for the answer, the follow-up, and
 * 600 ms into its answer the interruption.
 */
async function microphoneWav(): Promise<string> {
  const emulator = await startEdgeEmulator();
  try {
    const client = new PolarGridEdge({ ...emulator.clientOptions(), maxRetries: 0 });
    const silence = (ms: number) => new Uint8Array(Math.round((ms / 1000) * RATE) * 2);
    const parts = [
      silence(2000),
      await say(client, QUESTION),
      silence(4000),
      await say(client, FOLLOW_UP),
      silence(1000),
      await say(client, INTERRUPTION),
      silence(15_000),
    ];
    const pcm = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const part of parts) {
      pcm.set(part, at);
      at += part.length;
    }
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
  const wav = await microphoneWav();
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

/** What the emulator's speech-to-text hears in 24 kHz PCM16. */
async function heard(pcm: Uint8Array): Promise<string> {
  const client = new PolarGridEdge({ ...h.emulator.clientOptions(), maxRetries: 0 });
  const { data } = await transcribe(
    client,
    new Blob([pcmToWav(pcm, { sampleRate: RATE, channels: 1 })]),
    { model: 'whisper-large-v3-turbo' },
  );
  return data.text;
}

/** The stretches of sound in PCM16 (split at 100 ms of quiet), each with its quiet lead-in. */
function utterances(pcm: Uint8Array): Uint8Array[] {
  const samples = new Int16Array(pcm.buffer, pcm.byteOffset, pcm.length >> 1);
  const quietEnd = RATE / 10;
  const found: Uint8Array[] = [];
  let from = 0;
  let loudAt = -1;
  let quiet = 0;
  samples.forEach((sample, i) => {
    if (Math.abs(sample) >= LOUD) {
      if (loudAt < 0) loudAt = i;
      quiet = 0;
    } else if (loudAt >= 0 && ++quiet === quietEnd) {
      found.push(pcm.slice(Math.max(from, loudAt - 10) * 2, (i + 1) * 2));
      from = i + 1;
      loudAt = -1;
    }
  });
  return found;
}

/** Everything the page was given to play so far, as one PCM16 buffer. */
async function playedAudio(): Promise<Uint8Array> {
  const chunks = await page.evaluate(
    () => (globalThis as { polargridPlayedAudio?: string[] }).polargridPlayedAudio ?? [],
  );
  return new Uint8Array(Buffer.concat(chunks.map((c) => Buffer.from(c, 'base64'))));
}

const assistant = () => page.locator('[data-testid="realtime-message"][data-role="assistant"]');

/** The text of the page's `n`th assistant message, or the page's error (it cannot contain it). */
async function shown(n: number): Promise<string | null> {
  const failure = page.getByTestId('realtime-error');
  if ((await failure.count()) > 0) return failure.textContent();
  const all = await assistant().allTextContents();
  return all[n] ?? `(no message ${n + 1} yet; shown: ${JSON.stringify(all)})`;
}

// Known failure mode (about 1 run in 6 here, only with the 2-core machine at load 10+): the
// follow-up is never answered ("no message 3": only the first answer and the interruption's).
// Nothing between the SDK and the emulator drops audio, and the relay's recorded input decodes
// exactly in passing runs; the likely cause is the SDK's ScriptProcessor capture (main thread)
// losing a buffer when starved, which the emulator's sample-exact tone code cannot survive.
describe('next-chat realtime (production build, relay, emulated PersonaPlex, chromium with a fake microphone)', () => {
  it('the user speaks and hears the answer in voice and text, then interrupts the next answer', async () => {
    await page.getByTestId('talk').click();
    await expect
      .poll(() => page.getByTestId('talk').getAttribute('data-status'), { timeout: 20_000 })
      .toBe('connected');
    await page.screenshot({ path: join(RESULTS_DIR, 'realtime-01-connected.png') });

    await expect
      .poll(() => shown(0), { timeout: 20_000 })
      .toBe(`PersonaPlex: You said: ${QUESTION}`);
    await page.screenshot({ path: join(RESULTS_DIR, 'realtime-02-answered.png') });
    // The audio the page was given to play says the same words.
    await expect
      .poll(async () => (await heard(await playedAudio())).trim(), { timeout: 5_000 })
      .toBe(`You said: ${QUESTION}`);

    // The follow-up's answer is cut short by the interruption, which is answered in full.
    await expect
      .poll(() => shown(2), { timeout: 20_000 })
      .toBe(`PersonaPlex: You said: ${INTERRUPTION}`);
    await page.screenshot({ path: join(RESULTS_DIR, 'realtime-03-interrupted.png') });
    const cut = (await assistant().nth(1).textContent()) ?? '';
    expect(cut).toMatch(/^PersonaPlex: You/);
    expect(`PersonaPlex: You said: ${FOLLOW_UP}`.startsWith(cut)).toBe(true);
    expect(cut.length).toBeLessThan(`PersonaPlex: You said: ${FOLLOW_UP}`.length);
    await expect.poll(() => assistant().count()).toBe(3);

    // What was played: the first answer whole, the second cut (not decodable: it never ends
    // with its checksum), the third whole.
    let said: string[] = [];
    await expect
      .poll(
        async () => {
          said = await Promise.all(utterances(await playedAudio()).map(heard));
          return said.length;
        },
        { timeout: 5_000 },
      )
      .toBe(3);
    expect(said[0]).toBe(`You said: ${QUESTION}`);
    expect(said[1]).toMatch(/^Placeholder transcript/);
    expect(said[2]).toBe(`You said: ${INTERRUPTION}`);

    await page.getByTestId('talk').click();
    await expect
      .poll(() => page.getByTestId('talk').getAttribute('data-status'), { timeout: 10_000 })
      .not.toBe('connected');
    for (const body of h.browserBodies) expect(body).not.toContain(h.emulator.apiKey);
    const upgrades = h.emulator.requests.filter((r) => r.path === '/v1/voice/personaplex');
    expect(upgrades).toHaveLength(1);
  });
});
