import { APICallError, generateSpeech, transcribe } from 'ai';
import { describe, expect, it } from 'vitest';
import { speechTranscriptionExample } from '../examples/speech-transcription.js';
import { emulatorProvider } from './helpers.js';

const pg = emulatorProvider();

describe('speech and transcription against the emulator', () => {
  it('round-trips text → speech (kokoro, wav) → transcription (whisper, verbose_json)', async () => {
    const speech = await generateSpeech({
      model: pg.speech('kokoro-82m'),
      text: 'Hello from the edge.',
      voice: 'af_bella',
      outputFormat: 'wav',
    });
    expect(speech.audio.mediaType).toBe('audio/wav');
    expect(speech.audio.uint8Array.length).toBeGreaterThan(44);
    expect(speech.providerMetadata.polargrid).toMatchObject({ region: 'yvr-02' });

    const transcript = await transcribe({
      model: pg.transcription('whisper-large-v3-turbo'),
      audio: speech.audio.uint8Array,
    });
    expect(transcript.text.toLowerCase()).toContain('hello from the edge');
    expect(transcript.segments.length).toBeGreaterThan(0);
    for (const s of transcript.segments) expect(s.endSecond).toBeGreaterThanOrEqual(s.startSecond);
    expect(transcript.durationInSeconds).toBeGreaterThan(0);
    expect(transcript.language).toBeTypeOf('string');
  });

  it('speaks tada with a language; the speech-transcription example runs', async () => {
    const speech = await generateSpeech({
      model: pg.speech('tada-3b-ml'),
      text: 'Bonjour',
      language: 'fr',
      outputFormat: 'pcm',
    });
    expect(speech.warnings).toEqual([
      expect.objectContaining({ type: 'compatibility', feature: 'voice' }),
    ]);
    expect(speech.audio.uint8Array.length).toBeGreaterThan(0);
    const originalLog = console.log;
    console.log = () => {};
    try {
      expect((await speechTranscriptionExample(pg)).toLowerCase()).toContain('hello from the edge');
    } finally {
      console.log = originalLog;
    }
  });

  it('speaks mp3 (MPEG audio frames) now that the emulator encodes it', async () => {
    const speech = await generateSpeech({
      model: pg.speech('kokoro-82m'),
      text: 'Hi',
      voice: 'af_bella',
      outputFormat: 'mp3',
    });
    expect(speech.audio.mediaType).toBe('audio/mpeg');
    expect([...speech.audio.uint8Array.subarray(0, 2)]).toEqual([0xff, 0xf3]);
  });

  it('reports a 400 from the edge as a non-retryable APICallError', async () => {
    // A cloned tada voice without its transcript: the edge answers 400.
    const error = await generateSpeech({
      model: pg.speech('tada-3b-ml'),
      text: 'Hi',
      voice: 'https://example.com/reference.wav',
      outputFormat: 'wav',
      maxRetries: 0,
    }).catch((e: unknown) => e);
    expect(APICallError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ statusCode: 400, isRetryable: false });
  });
});
