/**
 * Every fact about the PersonaPlex wire in one place, so a correction is one change here (see
 * docs/personaplex.md for the sources and the assumptions): where the socket lives, how the key
 * travels, what a frame looks like, and what the close codes mean.
 *
 * @module
 */

/** The PersonaPlex WebSocket path on an edge. */
export const PERSONAPLEX_PATH = '/v1/voice/personaplex';

/** The region PolarGrid documents as the default for PersonaPlex. */
export const PERSONAPLEX_DEFAULT_REGION = 'yto-01';

/** The voice used when none is given. */
export const PERSONAPLEX_DEFAULT_VOICE = 'NATF0';

/** The voice ids of the public PersonaPlex model (natural and varied, female and male). */
export const PERSONAPLEX_VOICES = [
  ...['NATF0', 'NATF1', 'NATF2', 'NATF3', 'NATM0', 'NATM1', 'NATM2', 'NATM3'],
  ...['VARF0', 'VARF1', 'VARF2', 'VARF3', 'VARF4', 'VARM0', 'VARM1', 'VARM2', 'VARM3', 'VARM4'],
] as const;

/** A PersonaPlex voice id. */
export type PersonaPlexVoice = (typeof PERSONAPLEX_VOICES)[number];

/**
 * The model's audio rate: 24 kHz mono, in 80 ms steps (1920 samples). Opus packets the client
 * sends are encoded at this rate; the header's input rate says so.
 */
export const PERSONAPLEX_SAMPLE_RATE = 24_000;

/** The subprotocol that carries the key: `bearer.<key>` (PolarGrid's documented alternative to `token=`). */
export const BEARER_SUBPROTOCOL_PREFIX = 'bearer.';

/** The `wss://` edge host of a region. */
export function personaPlexEdgeURL(region: string): string {
  return `wss://api.${region}.edge.polargrid.ai`;
}

/**
 * The socket URL for an edge base URL (`https://…` or `http://…` become `wss://…`/`ws://…`),
 * with the voice and persona as query parameters. Never carries the key.
 */
export function personaPlexSocketURL(
  base: string,
  voice: string,
  persona: string | undefined,
): string {
  const url = new URL(base);
  if (url.protocol === 'https:') url.protocol = 'wss:';
  else if (url.protocol === 'http:') url.protocol = 'ws:';
  url.pathname = `${url.pathname.replace(/\/+$/, '')}${PERSONAPLEX_PATH}`;
  url.search = '';
  url.hash = '';
  url.searchParams.set('voice', voice);
  if (persona !== undefined) url.searchParams.set('persona', persona);
  return url.toString();
}

/** The kind byte that starts every binary message. */
export const FrameKind = {
  handshake: 0x00,
  audio: 0x01,
  text: 0x02,
  control: 0x03,
  metadata: 0x04,
  error: 0x05,
  ping: 0x06,
} as const;

/** A decoded message. Unknown kinds are kept as `unknown` (the moshi spec says to discard them). */
export type Frame =
  | { kind: 'handshake' }
  | { kind: 'audio'; data: Uint8Array }
  | { kind: 'text'; text: string }
  | { kind: 'metadata'; json: string }
  | { kind: 'error'; message: string }
  | { kind: 'control'; action: number }
  | { kind: 'ping' }
  | { kind: 'unknown'; byte: number };

/** One binary message: the kind byte, then the payload. */
export function encodeFrame(kind: number, payload: Uint8Array = new Uint8Array(0)): Uint8Array {
  const out = new Uint8Array(1 + payload.length);
  out[0] = kind;
  out.set(payload, 1);
  return out;
}

/** A message that is not a PersonaPlex frame: empty, or a text payload that is not UTF-8. */
export class FrameFormatError extends Error {
  override name = 'FrameFormatError';
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function text(payload: Uint8Array): string {
  try {
    return utf8.decode(payload);
  } catch {
    throw new FrameFormatError('a text payload that is not UTF-8');
  }
}

/**
 * Decodes one binary message. The handshake may carry a payload (the Rust backend sends version
 * and model as two u32; the Python server sends none): it is accepted either way and ignored.
 */
export function decodeFrame(message: Uint8Array): Frame {
  const kind = message[0];
  if (kind === undefined) throw new FrameFormatError('an empty message');
  const payload = message.subarray(1);
  switch (kind) {
    case FrameKind.handshake:
      return { kind: 'handshake' };
    case FrameKind.audio:
      return { kind: 'audio', data: payload };
    case FrameKind.text:
      return { kind: 'text', text: text(payload) };
    case FrameKind.metadata:
      return { kind: 'metadata', json: text(payload) };
    case FrameKind.error:
      return { kind: 'error', message: text(payload) };
    case FrameKind.control:
      return { kind: 'control', action: payload[0] ?? -1 };
    case FrameKind.ping:
      return { kind: 'ping' };
    default:
      return { kind: 'unknown', byte: kind };
  }
}

/**
 * Close codes that mean "the key was refused" (assumed: PolarGrid does not document them).
 * 1008 is the WebSocket "policy violation"; 4001/4003 mirror HTTP 401/403 in the private range.
 */
export const AUTH_CLOSE_CODES: ReadonlySet<number> = new Set([1008, 4001, 4003, 4401, 4403]);
