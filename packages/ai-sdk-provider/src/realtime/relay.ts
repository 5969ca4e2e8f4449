import {
  connectPersonaPlex,
  type PersonaPlexOptions,
  type PersonaPlexSession,
} from '@polargrid/core/realtime';
import OpusScript from 'opusscript';

/** The server side of the browser's socket: `ws` in Node, a `WebSocketPair` end in Workers, Bun's or Deno's socket. */
export interface RelaySocket {
  send(data: string): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  addEventListener(type: 'close', listener: () => void): void;
}

/** Options of {@link relayPersonaPlex}: where and how to reach PersonaPlex (the key stays here). */
export type PersonaPlexRelayOptions = Omit<PersonaPlexOptions, 'voice' | 'persona' | 'signal'> & {
  /** The voice when the browser's session config names none. Default `NATF0`. */
  voice?: string;
  /** The persona when the browser's session config has no instructions. */
  persona?: string;
  /** Reports what happened to the session (connection failures, edge errors), with the key redacted. */
  onError?: (error: Error) => void;
};

/** 20 ms of 24 kHz mono PCM16. */
const FRAME_SAMPLES = 480;
const FRAME_BYTES = FRAME_SAMPLES * 2;
/** A gap in the model's transcript this long starts a new assistant message. */
const TURN_GAP_MS = 800;
/** Audio kept while the edge session opens (5 s of 24 kHz PCM16); older audio is dropped. */
const MAX_EARLY_BYTES = 5 * 24_000 * 2;
/** The largest browser message accepted (the AI SDK caps its frames at 128 KiB). */
const MAX_MESSAGE_CHARS = 256 * 1024;

/** opusscript's calls take and return bytes (its types say Buffer; it needs Node's global `Buffer` for results). */
interface OpusCodec {
  encode(pcm: Uint8Array, frameSize: number): Uint8Array;
  decode(packet: Uint8Array): Uint8Array;
  delete(): void;
}
const opusCodec = () =>
  new OpusScript(24_000, 1, OpusScript.Application.VOIP) as unknown as OpusCodec;

const toBase64 = (bytes: Uint8Array) => {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
};
const fromBase64 = (text: string) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));

/**
 * Relays one browser conversation to PersonaPlex: the browser speaks the AI SDK's continuous
 * PCM protocol (JSON events: `session-update`, `input-audio-append` with base64 24 kHz PCM16),
 * the relay opens the edge session through the core (key, region, handshake, typed errors),
 * encodes the user's audio to Opus and decodes the model's (libopus in WASM, `opusscript`), and
 * sends back `audio-chunk` and transcript events. Ends when either side ends; an edge failure
 * reaches the browser as an `error` event (message redacted) and a close with code 1011.
 *
 * @returns a promise that settles when the conversation is over.
 */
export function relayPersonaPlex(
  socket: RelaySocket,
  options: PersonaPlexRelayOptions = {},
): Promise<void> {
  const abort = new AbortController();
  const encoder = opusCodec();
  const decoder = opusCodec();
  let session: PersonaPlexSession | undefined;
  let pending = new Uint8Array(0);
  let muted = false;
  let closed = false;
  let finish: () => void = () => {};
  const done = new Promise<void>((resolve) => {
    finish = resolve;
  });
  const send = (event: Record<string, unknown>) => {
    if (!closed) socket.send(JSON.stringify(event));
  };
  const end = (error?: Error) => {
    if (closed) return;
    if (error) {
      options.onError?.(error);
      send({ type: 'error', message: error.message, code: (error as { code?: string }).code });
    }
    closed = true;
    abort.abort();
    session?.close();
    try {
      socket.close(error ? 1011 : 1000, error ? 'PersonaPlex session failed' : 'done');
    } catch {
      // already closed
    }
    encoder.delete();
    decoder.delete();
    finish();
  };

  const start = async (config: { voice?: unknown; instructions?: unknown }) => {
    const voice = typeof config.voice === 'string' ? config.voice : options.voice;
    const persona = typeof config.instructions === 'string' ? config.instructions : options.persona;
    session = await connectPersonaPlex({ ...options, voice, persona, signal: abort.signal });
    if (closed) return session.close();
    send({ type: 'session-updated', raw: { voice: voice ?? 'NATF0' } });
    onAudio(''); // what the user said while the session opened
    let item = 0;
    let lastText = 0;
    let text = '';
    for await (const event of session) {
      if (event.type === 'audio') {
        send({ type: 'audio-chunk', delta: toBase64(decoder.decode(event.packet)), raw: null });
      } else if (event.type === 'text') {
        const now = Date.now();
        if (lastText > 0 && now - lastText > TURN_GAP_MS) {
          send({
            type: 'audio-transcript-done',
            responseId: `pp-${item}`,
            itemId: `pp-${item}`,
            transcript: text,
            raw: null,
          });
          // The SDK starts a new assistant message only after a response ends. PersonaPlex says
          // nothing about turns (nor whether the user cut one short), so "completed" means
          // "the model fell silent".
          send({ type: 'response-done', responseId: `pp-${item}`, status: 'completed', raw: null });
          item += 1;
          text = '';
        }
        if (text === '') send({ type: 'response-created', responseId: `pp-${item}`, raw: null });
        lastText = now;
        const delta = text === '' ? event.text.trimStart() : event.text;
        text += delta;
        send({
          type: 'audio-transcript-delta',
          responseId: `pp-${item}`,
          itemId: `pp-${item}`,
          delta,
          raw: null,
        });
        send({
          type: 'transcript-fragment',
          speaker: 'assistant',
          delta,
          startMs: 0,
          endMs: 0,
          raw: null,
        });
      }
    }
  };

  const onAudio = (base64: string) => {
    if (session?.ended) return;
    const pcm = muted ? new Uint8Array(fromBase64(base64).length) : fromBase64(base64);
    const joined = new Uint8Array(pending.length + pcm.length);
    joined.set(pending);
    joined.set(pcm, pending.length);
    if (!session) {
      // The user may start talking while the edge handshake runs: keep their latest words
      // (at most MAX_EARLY_BYTES) for the model instead of dropping the start of the question.
      pending = joined.slice(Math.max(0, joined.length - MAX_EARLY_BYTES) & ~1);
      return;
    }
    let at = 0;
    for (; at + FRAME_BYTES <= joined.length; at += FRAME_BYTES) {
      session.sendAudio(
        Uint8Array.from(encoder.encode(joined.subarray(at, at + FRAME_BYTES), FRAME_SAMPLES)),
      );
    }
    pending = joined.slice(at);
  };

  socket.addEventListener('message', ({ data }) => {
    if (closed) return;
    try {
      if (typeof data !== 'string' || data.length > MAX_MESSAGE_CHARS)
        throw new Error('The relay takes JSON text messages of at most 256 KiB.');
      const event = JSON.parse(data) as { type?: unknown; audio?: unknown; config?: unknown };
      switch (event.type) {
        case 'session-update':
        case 'session-start':
          if (session === undefined) {
            start((event.config ?? {}) as { voice?: unknown; instructions?: unknown }).then(
              () => end(session?.error),
              (error: unknown) => end(error instanceof Error ? error : new Error(String(error))),
            );
          }
          break;
        case 'input-audio-append':
          if (typeof event.audio === 'string') onAudio(event.audio);
          break;
        case 'input-audio-mute':
          muted = true;
          break;
        case 'input-audio-unmute':
          muted = false;
          break;
        case 'session-close':
          end();
          break;
        default:
          break; // turn commits, response requests: PersonaPlex takes turns by itself
      }
    } catch (error) {
      end(error instanceof Error ? error : new Error(String(error)));
    }
  });
  socket.addEventListener('close', () => end());
  return done;
}
