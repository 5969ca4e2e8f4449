import type { DemoStep } from '../context.ts';
import { info } from '../output.ts';

export const SPEECH_TEXT =
  'Hello from the edge. This sentence travels as audio and comes back as text.';

const normalise = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();

/** Step 5: text → speech (WAV) → transcription, and compare. */
export const speechStep: DemoStep = {
  id: 'speech',
  title: 'Speech → transcription round trip',
  async run({ client, models, target }) {
    info(`text: ${SPEECH_TEXT}`);
    const t0 = performance.now();
    const speech = await client.createSpeech({
      model: models.speech,
      voice: models.voice,
      input: SPEECH_TEXT,
      response_format: 'wav',
    });
    const t1 = performance.now();
    const seconds = (speech.data.audio.length - 44) / (24_000 * 2);
    info(
      `speech: ${speech.data.audio.length} bytes of ${speech.data.contentType} (~${seconds.toFixed(1)} s) from ${speech.meta.region} in ${Math.round(t1 - t0)} ms`,
    );
    const file = new File([new Uint8Array(speech.data.audio)], 'speech.wav', { type: 'audio/wav' });
    const transcript = await client.transcribe(file, { model: models.transcription });
    const t2 = performance.now();
    info(
      `transcript (${models.transcription}, ${Math.round(t2 - t1)} ms): ${transcript.data.text}`,
    );
    const match = normalise(transcript.data.text) === normalise(SPEECH_TEXT);
    info(
      match
        ? 'round trip: the transcript matches the original text'
        : 'round trip: the transcript differs from the original text',
    );
    // The emulator's speech is tone-coded, so its round trip is exact; real speech recognition is
    // approximate, so against PolarGrid a difference is reported, not failed.
    if (!match && target.kind === 'emulator')
      throw new Error('the transcript does not match the text');
    if (!transcript.data.text.trim()) throw new Error('the transcript is empty');
    return {
      summary: match
        ? 'transcript matches'
        : 'transcript differs (real speech recognition is approximate)',
    };
  },
};
