/**
 * The browser voice helpers as a page uses them, in Chromium: the built `dist/browser.js` loaded
 * by a page, the server helpers on real routes over the edge emulator, and a fake microphone that
 * plays a WAV of the emulator's own speech (its transcription decodes that speech back to text).
 *
 * What the player fed the audio output is captured by wrapping the page's `AudioWorkletNode`
 * (every chunk posted to the player's worklet, at the device rate), then resampled to 24 kHz and
 * transcribed by the emulator: the answer played is the answer's text. Hostile routes (a stall, a
 * cut, half a sample, an unusable rate, a transcription that never answers) must end in a
 * `VoiceError` with the right code, with the player silent and the microphone released.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createSpeech, PolarGridEdge } from '@polargrid/core';
import { pcmToWav } from '@polargrid/core/voice';
import { type EdgeEmulator, startEdgeEmulator } from '@polargrid/edge-emulator';
import { transcribe } from 'ai';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../../scripts/ci/chromium.js';
import { LinearResampler } from '../src/browser/resampler.js';
import { createPolarGrid, type PolarGridProvider } from '../src/index.js';
import { startVoiceSite, type VoiceSite } from './browser-voice/voice-server.js';

const RESULTS = fileURLToPath(new URL('../test-results/', import.meta.url));
/** Said in two breaths: the first half is transcribed while the second is still being said. */
const FIRST_HALF = 'Dictation streams';
const SECOND_HALF = 'while you speak.';
const ANSWER = 'The edge spoke this answer. It plays while it arrives, without a gap.';
const LONG_ANSWER =
  `${ANSWER} ${'A second sentence keeps the player busy for a while. '.repeat(2)}`.trim();

let emulator: EdgeEmulator;
let polargrid: PolarGridProvider;
let site: VoiceSite;
let browser: Browser;
let page: Page;

/** The two halves as the emulator's voice says them, with silence around and between them. */
async function microphoneWav(): Promise<string> {
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
  const silence = (ms: number) => new Uint8Array(Math.round((ms / 1000) * 24_000) * 2);
  const pcm = new Uint8Array([
    ...silence(1000),
    ...(await say(FIRST_HALF)),
    // Longer than the transcription's 300 ms segment pause, shorter than the 1.2 s end of dictation.
    ...silence(600),
    ...(await say(SECOND_HALF)),
    ...silence(3000),
  ]);
  const path = join(RESULTS, 'voice-microphone.wav');
  await writeFile(path, pcmToWav(pcm, { sampleRate: 24_000, channels: 1 }));
  return path;
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

/** The text the emulator hears in the audio the player was fed (since the last `reset`). */
async function playedText(): Promise<{ text: string; seconds: number }> {
  const { played, rate } = await page.evaluate(() => {
    const w = window as unknown as { played: number[][]; playedRate: number };
    return { played: w.played, rate: w.playedRate };
  });
  const all = Float32Array.from(played.flat());
  const at24k = new LinearResampler(rate, 24_000).process(all);
  const pcm = new Int16Array(at24k.length);
  for (let i = 0; i < at24k.length; i++)
    pcm[i] = Math.round(Math.max(-1, Math.min(1, at24k[i] ?? 0)) * 32_767);
  const { text } = await transcribe({
    model: polargrid.transcription('whisper-large-v3-turbo'),
    audio: pcmToWav(new Uint8Array(pcm.buffer), { sampleRate: 24_000, channels: 1 }),
  });
  return { text, seconds: all.length / rate };
}

async function resetTap(): Promise<void> {
  await page.evaluate(() => {
    (window as unknown as { played: number[][] }).played = [];
  });
}

beforeAll(async () => {
  await mkdir(RESULTS, { recursive: true });
  emulator = await startEdgeEmulator();
  polargrid = createPolarGrid({
    apiKey: emulator.apiKey,
    autorouterURL: emulator.autorouterURL,
    edgeURLs: emulator.edgeURLs,
  });
  const wav = await microphoneWav();
  site = await startVoiceSite(polargrid);
  browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      ...CHROMIUM_ARGS,
      '--use-fake-ui-for-media-stream',
      '--use-fake-device-for-media-stream',
      `--use-file-for-fake-audio-capture=${wav}`,
      '--autoplay-policy=no-user-gesture-required',
    ],
  });
  const context = await browser.newContext({ permissions: ['microphone'] });
  page = await context.newPage();
  page.on('pageerror', (error) => console.error('[page]', error));
  await page.addInitScript(tapPlayer);
  await page.goto(site.url);
  await page.waitForFunction(() => (window as unknown as { voiceReady?: boolean }).voiceReady);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await site?.close();
  await emulator?.close();
});

type Voice = typeof import('../src/browser/index.js');
declare global {
  interface Window {
    voice: Voice;
  }
}

describe('browser voice helpers in Chromium (built entry, real routes, fake microphone)', () => {
  it('dictation: the transcript grows while the user speaks and ends as what was said', async () => {
    const result = await page.evaluate(async () => {
      const seen: { text: string; listening: boolean }[] = [];
      let listening = true;
      let speechStarts = 0;
      const dictation = await window.voice.startDictation({
        url: '/api/transcribe',
        onTranscript: (text) => seen.push({ text, listening }),
        onSpeechStart: () => speechStarts++,
        onRecordingEnd: () => {
          listening = false;
        },
      });
      const text = await dictation.done;
      return { text, seen, speechStarts, listeningAfter: dictation.listening };
    });
    expect(result.text).toBe(`${FIRST_HALF} ${SECOND_HALF}`);
    // The first half arrived while the microphone was still listening.
    expect(result.seen[0]?.listening).toBe(true);
    expect(result.seen.some((s) => s.listening && s.text.startsWith(FIRST_HALF))).toBe(true);
    expect(result.speechStarts).toBe(1);
    expect(result.listeningAfter).toBe(false);
    const chunks = emulator.requests.filter((r) => r.path === '/v1/audio/transcriptions');
    expect(chunks.length).toBeGreaterThanOrEqual(2);
  }, 30_000);

  it('plays a speech response gaplessly, reports start and end, and what it played is the answer', async () => {
    await resetTap();
    const result = await page.evaluate(async (text) => {
      const events: string[] = [];
      let ended: unknown;
      const finished = new Promise<void>((resolve) => {
        const player = new window.voice.PcmPlayer({
          onStart: () => events.push('start'),
          onEnd: (end) => {
            events.push(`end:${end.reason}`);
            ended = end;
            resolve();
          },
        });
        void player
          .resume()
          .then(() =>
            window.voice.playSpeechResponse(
              fetch(`/api/speech?text=${encodeURIComponent(text)}`),
              player,
            ),
          )
          .then(() => events.push('queued'));
      });
      await finished;
      return { events, ended };
    }, ANSWER);
    // Emulator speech comes faster than real time, so the last byte is queued before it has played.
    expect(result.events.toSorted()).toEqual(['end:finished', 'queued', 'start']);
    expect(result.events.indexOf('start')).toBeLessThan(result.events.indexOf('end:finished'));
    expect(result.events.at(-1)).toBe('end:finished');
    const played = await playedText();
    expect(played.text).toBe(ANSWER);
    expect((result.ended as { frames: number }).frames).toBeGreaterThan(0);
  }, 30_000);

  it('stop() silences it at once and drops the rest of the stream until resume()', async () => {
    await resetTap();
    const result = await page.evaluate(async (text) => {
      const player = new window.voice.PcmPlayer({});
      let startedAt = 0;
      let stoppedAt = 0;
      let fedAll: Promise<void> = new Promise(() => {});
      const ended = new Promise<{ reason: string; at: number }>((resolve) => {
        const p = new window.voice.PcmPlayer({
          onStart: () => {
            startedAt = performance.now();
          },
          onEnd: (end) => resolve({ reason: end.reason, at: performance.now() }),
        });
        fedAll = p.resume().then(async () => {
          const playing = window.voice.playSpeechResponse(
            fetch(`/api/speech?text=${encodeURIComponent(text)}`),
            p,
          );
          while (startedAt === 0) await new Promise((r) => setTimeout(r, 20));
          await new Promise((r) => setTimeout(r, 400));
          stoppedAt = performance.now();
          p.stop();
          // The rest of the answer still arrives and is pushed: the stopped player drops it.
          await playing;
        });
      });
      const end = await ended;
      await fedAll;
      await player.close();
      return { reason: end.reason, afterStopMs: end.at - stoppedAt };
    }, LONG_ANSWER);
    expect(result.reason).toBe('stopped');
    // The worklet drops its queue on the next render quantum; the report crosses one message hop.
    expect(result.afterStopMs).toBeLessThan(250);
    // Nothing was fed after the stop: the tap's last entry is the stop marker.
    const fed = await page.evaluate(() => (window as unknown as { played: number[][] }).played);
    expect(fed.at(-1)).toEqual([]);
  }, 30_000);

  it('barge-in: the user starting to speak stops the answer (echo cancellation on)', async () => {
    const result = await page.evaluate(async (text) => {
      let stoppedBy = '';
      const player = new window.voice.PcmPlayer({
        onEnd: (end) => {
          stoppedBy ||= end.reason;
        },
      });
      await player.resume();
      const speaking = window.voice
        .playSpeechResponse(fetch(`/api/speech?text=${encodeURIComponent(text)}`), player)
        .catch(() => {});
      while (!player.playing) await new Promise((r) => setTimeout(r, 20));
      const dictation = await window.voice.startDictation({
        url: '/api/transcribe',
        onSpeechStart: () => player.stop(),
      });
      const heard = await dictation.done;
      await speaking;
      return { stoppedBy, heard, playing: player.playing };
    }, LONG_ANSWER);
    expect(result.stoppedBy).toBe('stopped');
    expect(result.playing).toBe(false);
    // The dictation finished with a transcript. Its words are not asserted: said while the page
    // plays the same tones, the question goes through echo cancellation working against that
    // playback, and the emulator's tone voice decodes exactly or not at all (a half sometimes
    // comes back as the placeholder transcript). With nothing playing, the first test gets every
    // word.
    expect(result.heard.length).toBeGreaterThan(0);
  }, 30_000);

  describe('hostile routes end in a typed error, never a hang or a stuck player', () => {
    const playFrom = (path: string) =>
      page.evaluate(async (path) => {
        const player = new window.voice.PcmPlayer({});
        await player.resume();
        const started = performance.now();
        try {
          await window.voice.playSpeechResponse(fetch(path), player, { idleTimeoutMs: 1_000 });
          return { code: 'none', ms: performance.now() - started, playing: player.playing };
        } catch (error) {
          await new Promise((r) => setTimeout(r, 100));
          return {
            code: window.voice.isVoiceError(error) ? error.code : `untyped: ${String(error)}`,
            ms: performance.now() - started,
            playing: player.playing,
          };
        } finally {
          await player.close();
        }
      }, path);

    it('a route that stalls: stalled, after the idle deadline', async () => {
      const r = await playFrom('/hostile/stall');
      expect(r).toMatchObject({ code: 'stalled', playing: false });
      expect(r.ms).toBeGreaterThanOrEqual(1_000);
      expect(r.ms).toBeLessThan(5_000);
    });

    it('a stream cut mid-way: cut', async () => {
      expect(await playFrom('/hostile/cut')).toMatchObject({ code: 'cut', playing: false });
    });

    it('a stream that ends in the middle of a sample: cut', async () => {
      expect(await playFrom('/hostile/half-sample')).toMatchObject({ code: 'cut', playing: false });
    });

    it.each(['0', 'abc', '1000000', ''])(
      'a content type with rate=%j: bad-response',
      async (rate) => {
        expect(await playFrom(`/hostile/rate?rate=${rate}`)).toMatchObject({
          code: 'bad-response',
          playing: false,
        });
      },
    );

    it('an error status: http', async () => {
      expect(await playFrom('/no-such-route')).toMatchObject({ code: 'http', playing: false });
    });

    it('an odd but valid rate (11 025 Hz) plays, resampled to the device', async () => {
      expect(await playFrom('/hostile/rate?rate=11025')).toMatchObject({ code: 'none' });
    });

    it('a transcription route that never answers: stalled, and the microphone is released', async () => {
      const r = await page.evaluate(async () => {
        let recordingEnded = false;
        try {
          const dictation = await window.voice.startDictation({
            url: '/hostile/transcribe-stall',
            idleTimeoutMs: 1_500,
            endOnSilenceMs: false,
            onRecordingEnd: () => {
              recordingEnded = true;
            },
          });
          await new Promise((r) => setTimeout(r, 300));
          await dictation.stop();
          await dictation.done;
          return { code: 'none', recordingEnded, listening: dictation.listening };
        } catch (error) {
          return {
            code: window.voice.isVoiceError(error) ? error.code : `untyped: ${String(error)}`,
            recordingEnded,
          };
        }
      });
      expect(r).toMatchObject({ code: 'stalled', recordingEnded: true });
    }, 20_000);

    it('a sample rate the microphone cannot use: invalid-argument, before any request', async () => {
      const before = site.sentBodies.length;
      const code = await page.evaluate(async () => {
        try {
          await window.voice.startDictation({
            url: '/api/transcribe',
            microphone: { sampleRate: 7 },
          });
          return 'none';
        } catch (error) {
          return window.voice.isVoiceError(error) ? error.code : `untyped: ${String(error)}`;
        }
      });
      expect(code).toBe('invalid-argument');
      expect(site.sentBodies.length).toBe(before);
    });
  });

  it('the key never reaches the page', () => {
    expect(site.sentBodies.length).toBeGreaterThan(0);
    for (const body of site.sentBodies) expect(body).not.toContain(emulator.apiKey);
  });
});
