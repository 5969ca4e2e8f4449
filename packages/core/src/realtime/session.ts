import type { PolarGridErrorCode } from '../errors/codes.js';
import {
  AbortError,
  AuthenticationError,
  ConfigurationError,
  NetworkError,
  StreamError,
  StreamInterruptedError,
  TimeoutError,
} from '../errors/error-classes.js';
import type { PolarGridError } from '../errors/polargrid-error.js';
import { registerSecret } from '../errors/redact.js';
import { OggFormatError, OggOpusReader, OggOpusWriter } from './ogg.js';
import {
  AUTH_CLOSE_CODES,
  BEARER_SUBPROTOCOL_PREFIX,
  decodeFrame,
  encodeFrame,
  FrameFormatError,
  FrameKind,
  PERSONAPLEX_SAMPLE_RATE,
} from './protocol.js';
import { EventQueue } from './event-queue.js';

/** What a PersonaPlex session delivers, in the order the edge sent it. */
export type PersonaPlexEvent =
  /** One Opus packet of the model's voice (24 kHz mono; decode it with any Opus decoder). */
  | { type: 'audio'; packet: Uint8Array; samples: number }
  /** A piece of the model's own transcript (sub-word; a word-initial piece starts with a space). */
  | { type: 'text'; text: string }
  /** Server information (the Rust backend's JSON), passed on as text. */
  | { type: 'metadata'; json: string }
  /** A frame kind this client does not know; reported, not acted on. */
  | { type: 'unknown'; kind: number };

/** The parts of the WHATWG `WebSocket` a session uses (the global one in Node ≥ 22, browsers, Deno, Bun, Workers). */
export interface WebSocketLike {
  binaryType: string;
  readonly bufferedAmount: number;
  readonly protocol: string;
  send(data: Uint8Array): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: string, listener: (event: never) => void): void;
}

/** A `WebSocket` constructor. */
export type WebSocketConstructor = new (url: string, protocols?: string[]) => WebSocketLike;

/** Timing and size limits of a session; every one has a default. */
export interface PersonaPlexLimits {
  /** Milliseconds from opening the socket to the handshake frame. Default 30 000 (the model loads its prompts first). */
  handshakeTimeout?: number;
  /** Milliseconds without any message from the edge after which the session ends as stalled. Default 10 000, like the reference client. */
  idleTimeout?: number;
  /** The largest message accepted from the edge, in bytes. Default 131 072 (two Ogg pages). */
  maxFrameBytes?: number;
  /** Bytes queued for sending beyond which the socket counts as stalled. Default 1 MiB. */
  maxBufferedBytes?: number;
  /** Events the caller has not read yet beyond which the session ends (a consumer that stopped reading). Default 10 000 (about 13 minutes of audio). */
  maxQueuedEvents?: number;
}

/** How to reach an edge that speaks PersonaPlex (already resolved: see `connectPersonaPlex`). */
export interface PersonaPlexSocketOptions extends PersonaPlexLimits {
  /** The socket URL, with voice and persona; never holds the key. */
  url: string;
  /** The region this edge serves, for errors. */
  region?: string | undefined;
  /** The `pg_*` key, sent as the subprotocol `bearer.<key>`. */
  apiKey: string;
  signal?: AbortSignal | undefined;
  /** The `WebSocket` to use. Default: the global one. */
  WebSocket?: WebSocketConstructor | undefined;
}

const DEFAULTS = {
  handshakeTimeout: 30_000,
  idleTimeout: 10_000,
  maxFrameBytes: 131_072,
  maxBufferedBytes: 1 << 20,
  maxQueuedEvents: 10_000,
} satisfies Required<PersonaPlexLimits>;

/** Opus frames of 20 ms at 24 kHz are what the reference client sends; any duration is accepted. */
const OPUS_PRE_SKIP_48K = 312;

/**
 * One PersonaPlex conversation over one WebSocket, after its handshake: send Opus packets of the
 * user's voice with {@link PersonaPlexSession.sendAudio}, read the model's voice and transcript by
 * iterating the session. Full duplex: keep sending (silence included) for as long as the session
 * should last; the edge answers at the pace it is fed.
 *
 * The iteration ends when {@link PersonaPlexSession.close} is called, and throws a typed
 * `PolarGridError` on every other end: the edge closed or dropped the socket
 * (`StreamInterruptedError`), went quiet for longer than `idleTimeout` (`TimeoutError`, code
 * `stalled`), sent an error frame or a malformed or oversized message (`StreamError`), or the
 * caller aborted (`AbortError`). Every timer stops and the socket is closed at the end, whatever
 * the reason.
 */
export class PersonaPlexSession implements AsyncIterable<PersonaPlexEvent> {
  /** The socket URL (no key in it). */
  readonly url: string;
  readonly region: string | undefined;
  readonly #socket: WebSocketLike;
  readonly #limits: Required<PersonaPlexLimits>;
  readonly #events: EventQueue<PersonaPlexEvent>;
  readonly #reader = new OggOpusReader();
  readonly #writer: OggOpusWriter;
  #stopIdle: () => void = () => {};
  #ended = false;
  /** Resolves once the session ended; never rejects (read {@link PersonaPlexSession.error}). */
  readonly done: Promise<void>;
  #resolveDone: () => void = () => {};
  #error: PolarGridError | undefined;
  readonly #onAbort: () => void;
  readonly #signal: AbortSignal | undefined;

  /** @internal Built by `openPersonaPlexSocket` once the handshake arrived. */
  constructor(
    socket: WebSocketLike,
    options: {
      url: string;
      region: string | undefined;
      limits: Required<PersonaPlexLimits>;
      signal: AbortSignal | undefined;
    },
  ) {
    this.#socket = socket;
    this.url = options.url;
    this.region = options.region;
    this.#limits = options.limits;
    this.#signal = options.signal;
    this.#events = new EventQueue(options.limits.maxQueuedEvents, () => this.close());
    this.#writer = new OggOpusWriter({
      serial: (Math.random() * 2 ** 32) >>> 0,
      inputSampleRate: PERSONAPLEX_SAMPLE_RATE,
      preSkip: OPUS_PRE_SKIP_48K,
      vendor: 'polargrid-ts',
    });
    this.done = new Promise((resolve) => {
      this.#resolveDone = resolve;
    });
    this.#onAbort = () => this.#end(abortError(this.url, this.region));
    options.signal?.addEventListener('abort', this.#onAbort);
    this.#armIdle();
  }

  /** The error the session ended with, once it ended; undefined while open or after `close()`. */
  get error(): PolarGridError | undefined {
    return this.#error;
  }

  /** Whether the session has ended. */
  get ended(): boolean {
    return this.#ended;
  }

  /**
   * Sends one Opus packet of the user's voice (encoded at 24 kHz mono, any frame duration),
   * framed as an Ogg page; the first call also sends the stream's two header pages. Throws the
   * session's error if it has ended.
   */
  sendAudio(packet: Uint8Array): void {
    if (this.#ended) throw this.#error ?? closedError(this.url, this.region);
    if (packet.length === 0) return;
    for (const page of this.#writer.audioPages([packet])) this.#send(page);
  }

  /** Ends the session: closes the socket normally and ends the iteration without an error. */
  close(): void {
    if (this.#ended) return;
    this.#end(undefined);
  }

  [Symbol.asyncIterator](): AsyncIterator<PersonaPlexEvent> {
    return this.#events[Symbol.asyncIterator]();
  }

  /** @internal A message from the socket. */
  receive(data: unknown): void {
    if (this.#ended) return;
    this.#armIdle();
    try {
      for (const event of this.#decode(data)) {
        if (!this.#events.push(event)) {
          this.#end(
            streamError(
              this.url,
              this.region,
              'consumer_too_slow',
              `More than ${this.#limits.maxQueuedEvents} PersonaPlex events were not read; the session was ended.`,
            ),
          );
          return;
        }
      }
    } catch (error) {
      this.#end(
        error instanceof ProtocolFailure
          ? error.error
          : streamError(
              this.url,
              this.region,
              'malformed_frame',
              `PersonaPlex sent a malformed frame: ${describe(error)}`,
            ),
      );
    }
  }

  /** @internal The socket closed (or failed) without `close()` having been called. */
  socketClosed(code: number, reason: string): void {
    if (this.#ended) return;
    const detail =
      code === 1006
        ? 'dropped the connection'
        : `closed the socket (code ${code}${reason ? `, "${reason}"` : ''})`;
    this.#end(
      new StreamInterruptedError({
        message: `The PersonaPlex edge ${detail} during the conversation.`,
        code: 'closed_mid_session',
        region: this.region,
        url: this.url,
        details: { closeCode: code, closeReason: reason },
      }),
    );
  }

  *#decode(data: unknown): Iterable<PersonaPlexEvent> {
    if (!(data instanceof ArrayBuffer)) {
      throw new ProtocolFailure(
        streamError(
          this.url,
          this.region,
          'malformed_frame',
          'PersonaPlex sent a text message; the protocol has binary frames only.',
        ),
      );
    }
    if (data.byteLength > this.#limits.maxFrameBytes) {
      throw new ProtocolFailure(
        streamError(
          this.url,
          this.region,
          'frame_too_large',
          `PersonaPlex sent a ${data.byteLength}-byte frame; the limit is ${this.#limits.maxFrameBytes} bytes (maxFrameBytes).`,
        ),
      );
    }
    const frame = decodeFrame(new Uint8Array(data));
    switch (frame.kind) {
      case 'audio':
        for (const { packet, samples } of this.#reader.push(frame.data)) {
          yield { type: 'audio', packet, samples };
        }
        return;
      case 'text':
        yield { type: 'text', text: frame.text };
        return;
      case 'metadata':
        yield { type: 'metadata', json: frame.json };
        return;
      case 'error':
        throw new ProtocolFailure(
          streamError(
            this.url,
            this.region,
            'edge_error',
            `PersonaPlex reported an error: ${frame.message.slice(0, 1000)}`,
          ),
        );
      case 'handshake':
      case 'ping':
        return; // a repeated handshake or a keep-alive: nothing to deliver
      case 'control':
        yield { type: 'unknown', kind: FrameKind.control };
        return;
      default:
        yield { type: 'unknown', kind: frame.byte };
    }
  }

  #send(bytes: Uint8Array): void {
    if (this.#socket.bufferedAmount > this.#limits.maxBufferedBytes) {
      const error = new TimeoutError({
        message: `The PersonaPlex socket is not taking data: ${this.#socket.bufferedAmount} bytes wait to be sent (maxBufferedBytes ${this.#limits.maxBufferedBytes}).`,
        code: 'stream_stalled',
        region: this.region,
        url: this.url,
      });
      this.#end(error);
      throw error;
    }
    this.#socket.send(encodeFrame(FrameKind.audio, bytes));
  }

  #armIdle(): void {
    this.#stopIdle();
    const ms = this.#limits.idleTimeout;
    const handle = setTimeout(
      () => {
        this.#end(
          new TimeoutError({
            message: `The PersonaPlex edge sent nothing for ${ms} ms (idleTimeout); the session was ended.`,
            code: 'stream_stalled',
            region: this.region,
            url: this.url,
          }),
        );
      },
      Math.min(ms, 2 ** 31 - 1),
    );
    this.#stopIdle = () => clearTimeout(handle);
  }

  #end(error: PolarGridError | undefined): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#error = error;
    this.#stopIdle();
    this.#signal?.removeEventListener('abort', this.#onAbort);
    try {
      this.#socket.close(1000, error ? 'client error' : 'done');
    } catch {
      // already closing
    }
    if (error) this.#events.fail(error);
    else this.#events.end();
    this.#resolveDone();
  }
}

/** Carries a typed error out of the frame decoder. */
class ProtocolFailure extends Error {
  readonly error: PolarGridError;
  constructor(error: PolarGridError) {
    super(error.message);
    this.error = error;
  }
}

function describe(error: unknown): string {
  if (error instanceof OggFormatError || error instanceof FrameFormatError) return error.message;
  return error instanceof Error ? error.message : String(error);
}

function streamError(
  url: string,
  region: string | undefined,
  code: PolarGridErrorCode,
  message: string,
): StreamError {
  return new StreamError({ message, code, region, url });
}

function abortError(url: string, region: string | undefined): AbortError {
  return new AbortError({
    message: 'The PersonaPlex session was aborted.',
    code: 'aborted',
    region,
    url,
  });
}

function closedError(url: string, region: string | undefined): StreamInterruptedError {
  return new StreamInterruptedError({
    message: 'The PersonaPlex session is closed.',
    code: 'session_closed',
    region,
    url,
  });
}

/**
 * Opens the socket and waits for the handshake frame (the edge sends it once the model has read
 * its prompts; anything sent before it would be thrown away). Resolves with the session, or
 * rejects with a typed error: the upgrade failed (`NetworkError`), the key was refused
 * (`AuthenticationError`), the handshake did not come within `handshakeTimeout`
 * (`TimeoutError`, code `handshake_timeout`), the socket closed first, or the caller aborted.
 */
export function openPersonaPlexSocket(
  options: PersonaPlexSocketOptions,
): Promise<PersonaPlexSession> {
  const { url, region, signal } = options;
  if (signal?.aborted) return Promise.reject(abortError(url, region));
  try {
    const socket = createSocket(options);
    return awaitHandshake(socket, { url, region, signal, limits: limitsOf(options) });
  } catch (error) {
    return Promise.reject(error);
  }
}

function limitsOf(options: PersonaPlexSocketOptions): Required<PersonaPlexLimits> {
  return {
    handshakeTimeout: options.handshakeTimeout ?? DEFAULTS.handshakeTimeout,
    idleTimeout: options.idleTimeout ?? DEFAULTS.idleTimeout,
    maxFrameBytes: options.maxFrameBytes ?? DEFAULTS.maxFrameBytes,
    maxBufferedBytes: options.maxBufferedBytes ?? DEFAULTS.maxBufferedBytes,
    maxQueuedEvents: options.maxQueuedEvents ?? DEFAULTS.maxQueuedEvents,
  };
}

/** The socket, with the key as its subprotocol; throws a typed error when it cannot be made. */
function createSocket(options: PersonaPlexSocketOptions): WebSocketLike {
  const { url, region } = options;
  const Impl = options.WebSocket ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
  if (Impl === undefined) {
    throw new ConfigurationError({
      message:
        'This runtime has no global WebSocket; pass `WebSocket` (Node ≥ 22, Deno, Bun, browsers and Workers have one).',
      code: 'no_websocket',
    });
  }
  registerSecret(options.apiKey);
  let socket: WebSocketLike;
  try {
    socket = new Impl(url, [`${BEARER_SUBPROTOCOL_PREFIX}${options.apiKey}`]);
  } catch (error) {
    throw new ConfigurationError({
      message: `Cannot open a PersonaPlex socket to ${url}: ${error instanceof Error ? error.message : String(error)} (a key with characters a WebSocket subprotocol cannot carry?)`,
      code: 'invalid_socket_options',
      url,
      region,
    });
  }
  socket.binaryType = 'arraybuffer';
  return socket;
}

interface HandshakeContext {
  url: string;
  region: string | undefined;
  signal: AbortSignal | undefined;
  limits: Required<PersonaPlexLimits>;
}

/** The first frame before the handshake: the handshake itself, or the error it means. */
function firstFrameProblem(data: unknown, { url, region, limits }: HandshakeContext) {
  let frame: ReturnType<typeof decodeFrame> | undefined;
  try {
    if (data instanceof ArrayBuffer && data.byteLength <= limits.maxFrameBytes) {
      frame = decodeFrame(new Uint8Array(data));
    }
  } catch {
    frame = undefined;
  }
  if (frame?.kind === 'error') {
    const message = `PersonaPlex reported an error before its handshake: ${frame.message.slice(0, 1000)}`;
    return streamError(url, region, 'edge_error', message);
  }
  if (frame?.kind !== 'handshake') {
    const message = 'PersonaPlex sent something other than its handshake first.';
    return streamError(url, region, 'malformed_frame', message);
  }
  return undefined;
}

/** Why a socket closed before its handshake, as a typed error. */
function closedBeforeHandshake(
  event: { code: number; reason: string },
  opened: boolean,
  { url, region }: HandshakeContext,
): PolarGridError {
  const reason = event.reason ? `, "${event.reason}"` : '';
  if (AUTH_CLOSE_CODES.has(event.code)) {
    return new AuthenticationError({
      message: `The PersonaPlex edge refused the API key (close code ${event.code}${reason}).`,
      code: 'invalid_api_key',
      status: 401,
      region,
      url,
    });
  }
  return opened
    ? new NetworkError({
        message: `The PersonaPlex edge closed the socket (code ${event.code}${reason}) before its handshake.`,
        code: 'closed_before_ready',
        region,
        url,
      })
    : new NetworkError({
        message: `Could not open a PersonaPlex socket to ${url}: the connection failed or the upgrade was refused (a wrong URL, a region without PersonaPlex, or a refused key: the WebSocket API does not say which).`,
        code: 'websocket_upgrade_failed',
        region,
        url,
      });
}

/** Waits for the handshake frame under `handshakeTimeout` and the caller's signal. */
function awaitHandshake(
  socket: WebSocketLike,
  context: HandshakeContext,
): Promise<PersonaPlexSession> {
  const { url, region, signal, limits } = context;
  return new Promise((resolve, reject) => {
    let session: PersonaPlexSession | undefined;
    let settled = false;
    let opened = false;
    const settle = () => {
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    };
    const fail = (error: PolarGridError) => {
      if (settled) return;
      settle();
      try {
        socket.close(1000, 'client error');
      } catch {
        // not open yet, or already closing
      }
      reject(error);
    };
    const timer = setTimeout(
      () =>
        fail(
          new TimeoutError({
            message: `The PersonaPlex edge did not send its handshake within ${limits.handshakeTimeout} ms (handshakeTimeout).`,
            code: 'handshake_timeout',
            region,
            url,
          }),
        ),
      Math.min(limits.handshakeTimeout, 2 ** 31 - 1),
    );
    const onAbort = () => fail(abortError(url, region));
    signal?.addEventListener('abort', onAbort);

    socket.addEventListener('open', () => {
      opened = true;
    });
    socket.addEventListener('message', (event: { data: unknown }) => {
      if (session) return session.receive(event.data);
      if (settled) return;
      const problem = firstFrameProblem(event.data, context);
      if (problem) return fail(problem);
      settle();
      session = new PersonaPlexSession(socket, { url, region, limits, signal });
      resolve(session);
    });
    socket.addEventListener('close', (event: { code: number; reason: string }) => {
      if (session) return session.socketClosed(event.code, event.reason);
      fail(closedBeforeHandshake(event, opened, context));
    });
  });
}
