/**
 * The microphone route: `experimental_streamTranscribe` over PolarGrid while the user speaks.
 *
 * - `GET ?session=<id>` opens a session and answers with newline-delimited JSON events: `ready`
 *   (post audio now), `delta`
 *   (text as it is recognised), `final` (a finished segment), then `done` with the whole text, or
 *   `error`.
 * - `POST ?session=<id>` adds a chunk of audio (24 kHz 16-bit mono PCM, the raw body);
 *   `POST ?session=<id>&end=1` says the speaker stopped.
 */
import { createPolarGrid } from '@polargrid/ai-sdk-provider';
import { experimental_streamTranscribe as streamTranscribe } from 'ai';
import { TRANSCRIPTION_MODEL, VOICE_SAMPLE_RATE } from '@/lib/chat-metadata';
import { describeError } from '@/lib/describe-error';
import { polarGridSettings } from '@/lib/polargrid-settings';
import { endSession, openSession, writeSession } from '@/lib/voice-sessions';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** Longest chunk the page may post (1 s of audio at 24 kHz, 16-bit). */
const MAX_CHUNK_BYTES = 48_000;
const SESSION_ID = /^[A-Za-z0-9_-]{8,64}$/;

function sessionOf(req: Request): string | undefined {
  const id = new URL(req.url).searchParams.get('session') ?? '';
  return SESSION_ID.test(id) ? id : undefined;
}

export async function GET(req: Request): Promise<Response> {
  const id = sessionOf(req);
  if (!id) return Response.json({ error: 'A session id is required.' }, { status: 400 });
  const polargrid = createPolarGrid(polarGridSettings());
  const result = streamTranscribe({
    model: polargrid.transcription(TRANSCRIPTION_MODEL),
    audio: openSession(id),
    inputAudioFormat: { type: 'audio/pcm', rate: VOICE_SAMPLE_RATE },
    providerOptions: { polargrid: { language: 'en' } },
    abortSignal: req.signal,
  });
  const encoder = new TextEncoder();
  const events = new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (event: Record<string, unknown>) =>
        controller.enqueue(encoder.encode(`${JSON.stringify(event)}\n`));
      // A first line at once: the page waits for it before it posts audio to the session.
      send({ type: 'ready' });
      try {
        for await (const part of result.fullStream) {
          if (part.type === 'transcript-delta') send({ type: 'delta', text: part.delta });
          else if (part.type === 'transcript-final') send({ type: 'final', text: part.text });
          else if (part.type === 'error')
            send({ type: 'error', message: describeError(part.error) });
        }
        send({ type: 'done', text: await result.text });
      } catch (error) {
        send({ type: 'error', message: describeError(error) });
      } finally {
        endSession(id);
        controller.close();
      }
    },
  });
  return new Response(events, {
    headers: { 'content-type': 'application/x-ndjson', 'cache-control': 'no-store' },
  });
}

export async function POST(req: Request): Promise<Response> {
  const id = sessionOf(req);
  if (!id) return Response.json({ error: 'A session id is required.' }, { status: 400 });
  if (new URL(req.url).searchParams.get('end') === '1') {
    return endSession(id) ? new Response(null, { status: 204 }) : unknownSession();
  }
  const chunk = new Uint8Array(await req.arrayBuffer());
  if (chunk.byteLength === 0 || chunk.byteLength > MAX_CHUNK_BYTES || chunk.byteLength % 2 !== 0) {
    return Response.json({ error: 'A chunk is 2 to 48 000 bytes of 16-bit PCM.' }, { status: 400 });
  }
  return writeSession(id, chunk) ? new Response(null, { status: 204 }) : unknownSession();
}

function unknownSession(): Response {
  return Response.json({ error: 'No such session (it ended or expired).' }, { status: 404 });
}
