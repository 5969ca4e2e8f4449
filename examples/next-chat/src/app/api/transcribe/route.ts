/**
 * The microphone route: `experimental_streamTranscribe` over PolarGrid while the user speaks, as
 * `createTranscriptionRoute` from the provider serves it. The page (`useDictation`) opens a
 * session with `GET ?session=<id>` and reads NDJSON transcript events back, and posts the
 * microphone's 24 kHz PCM in small numbered chunks. The key stays here, on the server.
 *
 * Sessions live in this server process: fine for this demo's single `next start`, not for several
 * instances without sticky sessions.
 */
import { createPolarGrid, createTranscriptionRoute } from '@polargrid/ai-sdk-provider';
import { TRANSCRIPTION_MODEL, VOICE_SAMPLE_RATE } from '@/lib/chat-metadata';
import { describeError } from '@/lib/describe-error';
import { polarGridSettings } from '@/lib/polargrid-settings';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const { GET, POST } = createTranscriptionRoute({
  // One provider per dictation: settings come from the server env when it starts.
  model: () => createPolarGrid(polarGridSettings()).transcription(TRANSCRIPTION_MODEL),
  sampleRate: VOICE_SAMPLE_RATE,
  providerOptions: { polargrid: { language: 'en' } },
  onError: describeError,
});
