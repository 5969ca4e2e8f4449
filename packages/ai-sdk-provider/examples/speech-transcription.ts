import { generateSpeech, transcribe } from 'ai';
import type { PolarGridProvider } from '../src/index.js';

/** Text to speech with kokoro, then back to text with whisper. */
export async function speechTranscriptionExample(polargrid: PolarGridProvider) {
  const speech = await generateSpeech({
    model: polargrid.speech('kokoro-82m'),
    text: 'Hello from the edge.',
    voice: 'af_bella',
    outputFormat: 'wav',
  });
  const transcript = await transcribe({
    model: polargrid.transcription('whisper-large-v3-turbo'),
    audio: speech.audio.uint8Array,
  });
  console.log(speech.audio.mediaType, transcript.text, transcript.durationInSeconds);
  return transcript.text;
}
