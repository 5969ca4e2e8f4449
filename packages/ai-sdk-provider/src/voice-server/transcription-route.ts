/**
 * The dictation route: `experimental_streamTranscribe` over audio the page posts while the user
 * speaks (`startDictation` in the browser entry). Browsers cannot stream one request body over
 * HTTP/1.1 (and Firefox and Safari not at all), so the audio arrives as small numbered POSTs that
 * this route joins into one stream per session:
 *
 * - `GET ?session=<id>` opens the session and answers with NDJSON transcript events
 *   (`ready`, then `delta`, `final`, `warning`, and `done` or `error`);
 * - `POST ?session=<id>&seq=<n>` adds chunk `n` (raw 16-bit mono PCM at the route's rate);
 * - `POST ?session=<id>&seq=<n>&end=1` says the speaker stopped.
 *
 * Sessions live in this route's memory: one server process (or sticky sessions) per dictation.
 */
import { experimental_streamTranscribe as streamTranscribe, type TranscriptionModel } from 'ai';
import type { SharedV4ProviderOptions } from '@ai-sdk/provider';
import type { TranscriptEvent } from '../voice-wire.js';

/** Options of {@link createTranscriptionRoute}. */
export interface TranscriptionRouteOptions {
  /** The transcription model, or a function that makes one per dictation (e.g. from per-request settings). */
  model: TranscriptionModel | ((request: Request) => TranscriptionModel);
  /** The rate of the posted PCM (default 24 000 Hz; the page's `microphone.sampleRate` must match). */
  sampleRate?: number;
  /** Provider options for `experimental_streamTranscribe` (e.g. `{ polargrid: { language: 'en' } }`). */
  providerOptions?: SharedV4ProviderOptions;
  /** The longest dictation, in seconds of audio (default 60). */
  maxSeconds?: number;
  /** A session that gets no chunk for this long ends (default 10 000 ms). */
  idleTimeoutMs?: number;
  /** The most dictations at once (default 100); more are refused with 503. */
  maxSessions?: number;
  /** What the page is told when the transcription fails (default: a generic sentence; the error itself stays on the server). */
  onError?: (error: unknown) => string;
}

/** The route handlers of {@link createTranscriptionRoute}: export them from a Next.js `route.ts`. */
export interface TranscriptionRoute {
  GET(request: Request): Promise<Response>;
  POST(request: Request): Promise<Response>;
}

interface Session {
  controller: ReadableStreamDefaultController<Uint8Array>;
  nextSeq: number;
  bytes: number;
  timer: ReturnType<typeof setTimeout> | undefined;
}

const SESSION_ID = /^[A-Za-z0-9_-]{16,64}$/;

/** The request's body, or undefined past `max` bytes (read no further: a body may claim no length and never end). */
async function readCapped(request: Request, max: number): Promise<Uint8Array | undefined> {
  const declared = Number(request.headers.get('content-length') ?? Number.NaN);
  if (declared > max) return undefined;
  if (request.body === null) return new Uint8Array(0);
  const reader = request.body.getReader();
  const parts: Uint8Array[] = [];
  let length = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    length += value.byteLength;
    if (length > max) {
      await reader.cancel().catch(() => {});
      return undefined;
    }
    parts.push(value);
  }
  const out = new Uint8Array(length);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.byteLength;
  }
  return out;
}

/** `ai`'s NoTranscriptGeneratedError, by name (an app may bundle its own copy of `ai`). */
function isNoTranscript(error: unknown): boolean {
  return error instanceof Error && error.name === 'AI_NoTranscriptGeneratedError';
}

function problem(status: number, message: string): Response {
  return Response.json({ error: message }, { status, headers: { 'cache-control': 'no-store' } });
}

/**
 * Handlers for a dictation route over `experimental_streamTranscribe`:
 *
 * ```ts
 * export const { GET, POST } = createTranscriptionRoute({
 *   model: polargrid.transcription('whisper-large-v3-turbo'),
 * });
 * ```
 *
 * Each chunk is checked (session, order, size, whole samples) before it reaches the model;
 * a bad one is refused with 400, 404 or 409 and never joins the audio.
 */
export function createTranscriptionRoute(options: TranscriptionRouteOptions): TranscriptionRoute {
  const sampleRate = options.sampleRate ?? 24_000;
  const maxBytes = Math.round((options.maxSeconds ?? 60) * sampleRate * 2);
  /** A chunk is at most 2 s of audio (the page posts about 0.1 s at a time). */
  const maxChunkBytes = sampleRate * 2 * 2;
  const idleTimeoutMs = options.idleTimeoutMs ?? 10_000;
  const maxSessions = options.maxSessions ?? 100;
  const describe = options.onError ?? (() => 'The audio could not be transcribed.');
  const sessions = new Map<string, Session>();

  const close = (id: string, error?: Error) => {
    const session = sessions.get(id);
    if (session === undefined) return;
    sessions.delete(id);
    clearTimeout(session.timer);
    try {
      if (error === undefined) session.controller.close();
      else session.controller.error(error);
    } catch {
      // Already closed by its reader.
    }
  };
  const touch = (id: string, session: Session) => {
    clearTimeout(session.timer);
    // A page that went away without `end`: the audio ends, so the transcript still finishes.
    session.timer = setTimeout(() => close(id), idleTimeoutMs);
  };
  const sessionOf = (request: Request) => {
    const id = new URL(request.url).searchParams.get('session') ?? '';
    return SESSION_ID.test(id) ? id : undefined;
  };

  return {
    async GET(request) {
      const id = sessionOf(request);
      if (id === undefined)
        return problem(400, 'A session id (16 to 64 letters, digits, - or _) is required.');
      if (sessions.has(id)) return problem(409, 'This session is already open.');
      if (sessions.size >= maxSessions)
        return problem(503, 'Too many dictations at once; try again soon.');
      const audio = new ReadableStream<Uint8Array>({
        start(controller) {
          const session: Session = { controller, nextSeq: 0, bytes: 0, timer: undefined };
          sessions.set(id, session);
          touch(id, session);
        },
        cancel() {
          close(id);
        },
      });
      let model: TranscriptionModel;
      try {
        model = typeof options.model === 'function' ? options.model(request) : options.model;
      } catch (error) {
        close(id);
        throw error;
      }
      const result = streamTranscribe({
        model,
        audio,
        inputAudioFormat: { type: 'audio/pcm', rate: sampleRate },
        ...(options.providerOptions === undefined
          ? {}
          : { providerOptions: options.providerOptions }),
        abortSignal: request.signal,
      });
      const encoder = new TextEncoder();
      const body = new ReadableStream<Uint8Array>({
        async start(controller) {
          const send = (event: TranscriptEvent) =>
            controller.enqueue(encoder.encode(`${JSON.stringify(event)}\n`));
          send({ type: 'ready' });
          try {
            for await (const part of result.fullStream) {
              if (part.type === 'transcript-delta') send({ type: 'delta', text: part.delta });
              else if (part.type === 'transcript-final') send({ type: 'final', text: part.text });
              else if (part.type === 'error')
                send({ type: 'warning', message: describe(part.error) });
            }
            send({ type: 'done', text: await result.text });
          } catch (error) {
            // Nothing said (only silence, or no audio at all) is an empty dictation, not a failure.
            if (isNoTranscript(error)) send({ type: 'done', text: '' });
            else send({ type: 'error', message: describe(error) });
          } finally {
            close(id);
            controller.close();
          }
        },
        cancel() {
          close(id);
        },
      });
      return new Response(body, {
        headers: {
          'content-type': 'application/x-ndjson; charset=utf-8',
          'cache-control': 'no-store',
          'x-content-type-options': 'nosniff',
        },
      });
    },

    async POST(request) {
      const id = sessionOf(request);
      if (id === undefined)
        return problem(400, 'A session id (16 to 64 letters, digits, - or _) is required.');
      const params = new URL(request.url).searchParams;
      const seq = Number(params.get('seq'));
      const session = sessions.get(id);
      if (session === undefined) return problem(404, 'No such session (it ended or expired).');
      if (!Number.isInteger(seq) || seq !== session.nextSeq) {
        return problem(
          409,
          `Expected chunk ${session.nextSeq}, got ${params.get('seq') ?? 'none'}.`,
        );
      }
      const chunk = await readCapped(request, maxChunkBytes);
      if (chunk === undefined) return problem(413, `A chunk is at most ${maxChunkBytes} bytes.`);
      // Re-checked after the await: the session may have ended meanwhile.
      if (sessions.get(id) !== session || seq !== session.nextSeq)
        return problem(409, 'The session moved on.');
      session.nextSeq += 1;
      if (params.get('end') === '1') {
        close(id);
        return new Response(null, { status: 204 });
      }
      if (
        chunk.byteLength === 0 ||
        chunk.byteLength > maxChunkBytes ||
        chunk.byteLength % 2 !== 0
      ) {
        close(id, new Error('A malformed audio chunk ended the dictation.'));
        return problem(400, `A chunk is 2 to ${maxChunkBytes} bytes of 16-bit PCM.`);
      }
      if (session.bytes + chunk.byteLength > maxBytes) {
        close(id);
        return problem(413, 'The dictation is longer than the route allows; its audio ended.');
      }
      session.bytes += chunk.byteLength;
      touch(id, session);
      session.controller.enqueue(chunk);
      return new Response(null, { status: 204 });
    },
  };
}
