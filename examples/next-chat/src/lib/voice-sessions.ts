/**
 * Live microphone sessions of the transcribe route. The browser cannot stream a request body over
 * HTTP/1.1, so it posts its audio in small chunks; each session is the `ReadableStream` those
 * chunks are written into, read by `experimental_streamTranscribe` in the session's GET request.
 *
 * Server-only, in-process state: fine for this demo's single `next start` process. A deployment
 * with several instances would pin a session to one instance (or use a WebSocket).
 */
import 'server-only';

interface Session {
  controller: ReadableStreamDefaultController<Uint8Array>;
  expires: number;
}

/** A session nobody writes to for this long is closed. */
const IDLE_MS = 30_000;
const sessions = new Map<string, Session>();

function sweep(now: number): void {
  for (const [id, session] of sessions) {
    if (session.expires < now) {
      session.controller.close();
      sessions.delete(id);
    }
  }
}

/** Opens session `id`; returns the audio stream its chunks arrive on. */
export function openSession(id: string): ReadableStream<Uint8Array> {
  sweep(Date.now());
  return new ReadableStream<Uint8Array>({
    start(controller) {
      sessions.set(id, { controller, expires: Date.now() + IDLE_MS });
    },
    cancel() {
      sessions.delete(id);
    },
  });
}

/** Adds a chunk to session `id`; false when there is no such session. */
export function writeSession(id: string, chunk: Uint8Array): boolean {
  const session = sessions.get(id);
  if (!session) return false;
  session.expires = Date.now() + IDLE_MS;
  session.controller.enqueue(chunk);
  return true;
}

/** Ends session `id`'s audio (the speaker stopped); false when there is no such session. */
export function endSession(id: string): boolean {
  const session = sessions.get(id);
  if (!session) return false;
  sessions.delete(id);
  session.controller.close();
  return true;
}
