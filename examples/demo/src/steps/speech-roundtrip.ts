import type { DemoStep } from '../context.ts';
import { info, streamWriter } from '../output.ts';
import { pcmToWav } from '../wav.ts';
import { streamSpeech, streamTranscription } from '@polargrid/core';

export const SPEECH_TEXT =
  'Hello from the edge. This sentence travels as audio and comes back as text.';

const normalise = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();

/**
 * Step 5: streamed text → speech (PCM chunks as they arrive), then streamed transcription of that
 * audio (wrapped as WAV), and a comparison with the original text.
 */
export const speechStep: DemoStep = {
  id: 'speech',
  title: 'Speech → transcription round trip',
  async run({ client, models, target }) {
    info(`text: ${SPEECH_TEXT}`);
    const t0 = performance.now();
    const speech = await streamSpeech(client, {
      model: models.speech,
      voice: models.voice,
      input: SPEECH_TEXT,
      response_format: 'pcm',
      stream: true,
    });
    const chunks: Uint8Array[] = [];
    let firstByte: number | undefined;
    for await (const chunk of speech.events) {
      firstByte ??= performance.now() - t0;
      chunks.push(chunk);
    }
    const t1 = performance.now();
    const pcm = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
    let at = 0;
    for (const c of chunks) {
      pcm.set(c, at);
      at += c.length;
    }
    const seconds = pcm.length / (24_000 * 2);
    const serverFirstByte = speech.meta.headers['x-pg-first-byte-ms'];
    info(
      `speech (${models.speech}, ${models.voice}) from ${speech.meta.region}: ${chunks.length} chunks, ${seconds.toFixed(1)} s of audio in ${Math.round(t1 - t0)} ms; first audio byte after ${Math.round(firstByte ?? 0)} ms${serverFirstByte ? ` (server ${serverFirstByte} ms)` : ''}`,
    );

    const file = new File([pcmToWav(pcm) as Uint8Array<ArrayBuffer>], 'speech.wav', {
      type: 'audio/wav',
    });
    const t2 = performance.now();
    const stream = await streamTranscription(client, file, { model: models.transcription });
    const out = streamWriter('  │ ');
    let text = '';
    let firstDelta: number | undefined;
    for await (const event of stream.events) {
      if (event.type === 'transcript.text.delta') {
        firstDelta ??= performance.now() - t2;
        out.write(event.delta);
      } else if (event.type === 'transcript.text.done') {
        text = event.text;
      } else if (event.type === 'error') {
        out.end();
        throw new Error(`transcription stream error: ${event.error.message}`);
      }
    }
    out.end();
    info(
      `transcript (${models.transcription}) in ${Math.round(performance.now() - t2)} ms, first words after ${Math.round(firstDelta ?? 0)} ms`,
    );
    if (!text.trim()) throw new Error('the transcript is empty');
    const match = normalise(text) === normalise(SPEECH_TEXT);
    info(
      match
        ? 'round trip: the transcript matches the original text'
        : 'round trip: the transcript differs from the original text',
    );
    // The emulator's speech is tone-coded, so its round trip is exact; real speech recognition is
    // approximate, so against PolarGrid a difference is reported, not failed.
    if (!match && target.kind === 'emulator')
      throw new Error('the transcript does not match the text');
    return {
      summary: `${seconds.toFixed(1)} s of audio, first byte ${Math.round(firstByte ?? 0)} ms; transcript ${match ? 'matches' : 'differs (real recognition is approximate)'}`,
    };
  },
};
