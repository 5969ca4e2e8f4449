/**
 * next-chat talks, in a real browser, through the provider's voice helpers only
 * (`@polargrid/ai-sdk-provider/react`, `writeSpeechParts`, `createTranscriptionRoute`): Chromium's
 * fake microphone plays a WAV of the emulator's own speech, the page records and transcribes it
 * while it plays (echo cancellation on), sends the transcript, and speaks the answer while it
 * streams. What the player fed the audio output is captured by wrapping the page's
 * `AudioWorkletNode` and transcribed by the emulator: it is the answer's text. Stop speaking and
 * barge-in (the user starts talking) silence it at once. Each step saves a screenshot to
 * `test-results/`.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createPolarGrid } from '@polargrid/ai-sdk-provider';
import { LinearResampler } from '@polargrid/ai-sdk-provider/browser';
import { createSpeech, PolarGridEdge } from '@polargrid/core';
import { pcmToWav } from '@polargrid/core/voice';
import { startEdgeEmulator } from '@polargrid/edge-emulator';
import { transcribe } from 'ai';
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

/** Wraps `AudioWorkletNode` so the test sees every chunk the player posts to its worklet. */
function tapPlayer() {
  const w = window as unknown as { played: number[][]; playedRate: number };
  w.played = [];
  const Original = window.AudioWorkletNode;
  window.AudioWorkletNode = class extends Original {
    constructor(context: BaseAudioContext, name: string, options?: AudioWorkletNodeOptions) {
      super(context, name, options);
      if (name !== 'polargrid-pcm-player') return;
      w.playedRate = context.sampleRate;
      const post = this.port.postMessage.bind(this.port);
      this.port.postMessage = ((
        message: { type: string; samples?: Float32Array },
        transfer?: Transferable[],
      ) => {
        if (message.type === 'chunk' && message.samples) w.played.push(Array.from(message.samples));
        else if (message.type === 'stop') w.played.push([]);
        post(message, transfer ?? []);
      }) as typeof this.port.postMessage;
    }
  } as typeof AudioWorkletNode;
}

/** What the player was fed since the last reset: chunks (a stop is an empty one) at the device rate. */
async function takePlayed(): Promise<{ played: number[][]; rate: number }> {
  return page.evaluate(() => {
    const w = window as unknown as { played: number[][]; playedRate: number };
    const played = w.played;
    w.played = [];
    return { played, rate: w.playedRate };
  });
}

/** The text the emulator hears in the first `frames` of the audio the player was fed. */
async function heardText(played: number[][], rate: number, frames: number): Promise<string> {
  const fed = Float32Array.from(played.flat());
  const at24k = new LinearResampler(rate, RATE).process(fed.subarray(0, frames));
  const pcm = new Int16Array(at24k.length);
  for (let i = 0; i < at24k.length; i++) {
    pcm[i] = Math.round(Math.max(-1, Math.min(1, at24k[i] ?? 0)) * 32_767);
  }
  const polargrid = createPolarGrid({
    apiKey: h.emulator.apiKey,
    autorouterURL: h.emulator.autorouterURL,
    edgeURLs: h.emulator.edgeURLs,
  });
  const { text } = await transcribe({
    model: polargrid.transcription('whisper-large-v3-turbo'),
    audio: pcmToWav(new Uint8Array(pcm.buffer), { sampleRate: RATE, channels: 1 }),
  });
  return text;
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
  await page.addInitScript(tapPlayer);
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

  it('plays the answer as the emulator said it, and Stop speaking silences it at once', async () => {
    await takePlayed();
    await page.getByTestId('prompt').fill('What is edge inference?');
    await page.getByTestId('send').click();
    const speech = page.getByTestId('speech');
    await expect.poll(() => speech.getAttribute('data-playing'), { timeout: 30_000 }).toBe('true');
    // Long enough for the first sentence (about 2.5 s of the emulator's voice) to play whole.
    await page.waitForTimeout(4_000);
    await page.getByTestId('stop-speaking').click();
    const clickedAt = Date.now();
    // Both at once: `data-ended` alone may still say how the previous test's playback ended.
    const state = async () =>
      `${await speech.getAttribute('data-playing')}/${await speech.getAttribute('data-ended')}`;
    await expect.poll(state, { timeout: 2_000 }).toBe('false/stopped');
    console.log(`[voice] stopped ${Date.now() - clickedAt} ms after the click`);
    await shot('voice-03-stopped');

    // What reached the speakers (the first `frames` fed to the worklet) is the answer's first
    // sentences, word for word: each decoded sentence passed the emulator's checksum.
    const frames = Number(await speech.getAttribute('data-ended-frames'));
    const { played, rate } = await takePlayed();
    const heard = await heardText(played, rate, frames);
    const answer = (
      await page
        .locator('[data-testid="message"][data-role="assistant"]')
        .last()
        .getByTestId('assistant-text')
        .allTextContents()
    )
      .join(' ')
      .trim();
    console.log(`[voice] heard ${(frames / rate).toFixed(1)} s: "${heard}"`);
    expect(heard.length).toBeGreaterThan(10);
    expect(answer.startsWith(heard)).toBe(true);
    expect(played.at(-1)).toEqual([]);

    // The answer arrives faster than it plays: what was queued but not yet played (more than a
    // second of it) was dropped at the stop, and nothing was fed to the worklet after it.
    const fed = played.reduce((n, chunk) => n + chunk.length, 0);
    expect(fed - frames).toBeGreaterThan(rate);
    await page.waitForTimeout(500);
    expect((await takePlayed()).played).toEqual([]);
    // The chat's own Stop ends the rest of the answer.
    if (await page.getByTestId('stop').isVisible()) await page.getByTestId('stop').click();
    await page.locator('[data-testid="status"][data-status="ready"]').waitFor({ timeout: 10_000 });
  });

  it('barge-in: speaking over the answer stops it, and the question is sent', async () => {
    await page.getByTestId('prompt').fill('Why do edges matter for voice?');
    await page.getByTestId('send').click();
    const speech = page.getByTestId('speech');
    await expect.poll(() => speech.getAttribute('data-playing'), { timeout: 30_000 }).toBe('true');
    await takePlayed();
    await page.getByTestId('mic').click();
    // The fake microphone's speech starts after a second of silence: the answer stops then, by
    // the page's `onSpeechStart`, long before its end.
    await expect.poll(() => speech.getAttribute('data-playing'), { timeout: 10_000 }).toBe('false');
    expect(await speech.getAttribute('data-ended')).toBe('stopped');
    expect((await takePlayed()).played).toContainEqual([]);
    await shot('voice-04-barge-in');
    // What was said over it is transcribed and sent as the next question. Its words are not
    // asserted here: said while the page plays the same tones, it goes through echo cancellation
    // working against that playback, and the emulator's tone voice decodes exactly or not at all
    // (measured on the captured microphone: a half, sometimes both, come back as the emulator's
    // placeholder transcript). With nothing playing, the first test gets every word.
    const user = page.locator('[data-testid="message"][data-role="user"]');
    await expect.poll(() => user.count(), { timeout: 30_000 }).toBe(4);
    expect(
      (await user.last().getByTestId('user-text').textContent())?.trim().length,
    ).toBeGreaterThan(0);
    await page.locator('[data-testid="status"][data-status="ready"]').waitFor({ timeout: 60_000 });
  });
});
