import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';
import { type Fault, numParam, parseFaultHeader, strParam } from '../../faults/fault-kinds.js';
import { sleep } from '../../http/respond.js';
import type { EmulatorState } from '../../state.js';
import { lowerHeaders } from '../request-context.js';
import { PersonaPlexConversation, replyTo, type Step } from './conversation.js';

export const PERSONAPLEX_PATH = '/v1/voice/personaplex';
const VOICES = new Set(
  ['F', 'M'].flatMap((g) => [
    ...[0, 1, 2, 3].map((i) => `NAT${g}${i}`),
    ...[0, 1, 2, 3, 4].map((i) => `VAR${g}${i}`),
  ]),
);
const KIND = { handshake: 0x00, audio: 0x01, text: 0x02, error: 0x05 } as const;
/** The largest message the emulator accepts from a client (a page is at most ~64 KiB). */
const MAX_CLIENT_MESSAGE = 128 * 1024;
/** How long the emulated model "loads its prompts" before the handshake. */
const PROMPT_MS = 20;

function frame(kind: number, payload: Uint8Array = new Uint8Array(0)): Buffer {
  return Buffer.concat([Buffer.of(kind), payload]);
}

/** The key from `token=` or the `bearer.<key>` subprotocol (PolarGrid accepts both). */
function keyOf(url: URL, protocols: Set<string>): string | undefined {
  for (const p of protocols) if (p.startsWith('bearer.')) return p.slice('bearer.'.length);
  return url.searchParams.get('token') ?? undefined;
}

/**
 * PersonaPlex on an emulated edge: `GET /v1/voice/personaplex?voice=&persona=` upgraded to a
 * WebSocket (the `ws` package), the key checked like the HTTP edges (a refused key closes the
 * socket with 1008 right after the upgrade), then the moshi frames both ways with real Ogg Opus.
 * Faults (rules on this path, or `x-pg-emulator-fault` on the upgrade request):
 * `never-ready` (no handshake), `slow-first-reply` (`ms`, default 1500), `stall` / `reset-mid-stream`
 * / `stream-error` / `malformed-chunk` after `afterFrames` audio frames (default 3).
 */
export class PersonaPlexEndpoint {
  readonly #wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_CLIENT_MESSAGE,
    // Selects the `bearer.<key>` subprotocol a client offered, as a browser needs.
    handleProtocols: (protocols) => [...protocols].find((p) => p.startsWith('bearer.')) ?? false,
  });
  readonly #state: EmulatorState;
  readonly #region: string;

  constructor(state: EmulatorState, region: string) {
    this.#state = state;
    this.#region = region;
  }

  /** Handles an HTTP upgrade; false when it is not for PersonaPlex. */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== PERSONAPLEX_PATH) return false;
    const headers = lowerHeaders(req);
    const query = Object.fromEntries(url.searchParams);
    delete query.token;
    this.#state.requests.push({
      target: this.#region,
      method: 'GET',
      path: url.pathname,
      query,
      headers: {
        ...headers,
        'sec-websocket-protocol': headers['sec-websocket-protocol'] ? '[redacted]' : '',
      },
      body: undefined,
      bodyBytes: 0,
      at: Date.now(),
    });
    const header = headers['x-pg-emulator-fault'];
    const parsed = header ? parseFaultHeader(header) : undefined;
    const fault =
      parsed && !('error' in parsed)
        ? parsed
        : this.#state.rules.take(this.#region, url.pathname, () => true);
    this.#wss.handleUpgrade(req, socket, head, (ws) => {
      const protocols = new Set(
        (headers['sec-websocket-protocol'] ?? '')
          .split(',')
          .map((p) => p.trim())
          .filter(Boolean),
      );
      const key = keyOf(url, protocols);
      if (!key || !this.#state.keyIsValid(key)) return ws.close(1008, 'Invalid API key');
      const voice = url.searchParams.get('voice') ?? 'NATF0';
      if (!VOICES.has(voice)) return ws.close(1011, `Unknown voice '${voice}'`);
      void run(ws, fault).catch(() => ws.terminate());
    });
    return true;
  }

  /** Closes every open conversation. */
  close(): void {
    for (const client of this.#wss.clients) client.terminate();
    this.#wss.close();
  }
}

async function run(ws: WebSocket, fault: Fault | undefined): Promise<void> {
  const gone = new AbortController();
  ws.on('close', () => gone.abort());
  const conversation = new PersonaPlexConversation();
  ws.on('close', () => conversation.free());
  await sleep(PROMPT_MS, gone.signal);
  if (gone.signal.aborted || fault?.kind === 'never-ready') return;

  const slowMs = fault?.kind === 'slow-first-reply' ? numParam(fault, 'ms', 1_500) : 0;
  let replies = 0;
  conversation.onUtterance = (text) => {
    const reply = replyTo(text);
    if (replies++ === 0 && slowMs > 0) setTimeout(() => conversation.speak(reply), slowMs).unref();
    else conversation.speak(reply);
  };
  const after = fault ? numParam(fault, 'afterFrames', 3) : -1;
  let frames = 0;
  let stalled = false;

  const send = (step: Step) => {
    if (stalled || ws.readyState !== ws.OPEN) return;
    for (const text of step.texts) ws.send(frame(KIND.text, new TextEncoder().encode(text)));
    for (const page of step.pages) {
      if (fault && frames === after) {
        switch (fault.kind) {
          case 'stall':
            stalled = true; // the socket stays open and silent
            return;
          case 'reset-mid-stream':
            ws.terminate();
            return;
          case 'stream-error':
            ws.send(
              frame(
                KIND.error,
                new TextEncoder().encode(strParam(fault, 'message', 'Internal model error')),
              ),
            );
            ws.close(1011, 'model error');
            return;
          case 'malformed-chunk': {
            const broken = Buffer.from(page);
            broken[broken.length - 1] = (broken[broken.length - 1] ?? 0) ^ 0xff; // CRC no longer matches
            ws.send(frame(KIND.audio, broken));
            frames += 1;
            continue;
          }
          default:
            break;
        }
      }
      ws.send(frame(KIND.audio, page));
      frames += 1;
    }
  };

  ws.send(frame(KIND.handshake));
  for (const page of conversation.headerPages()) ws.send(frame(KIND.audio, page));

  ws.on('message', (data, isBinary) => {
    if (!isBinary || stalled) return; // the real server logs and skips text frames
    const bytes = Buffer.isBuffer(data) ? data : Buffer.concat(data as Buffer[]);
    if (bytes[0] !== KIND.audio) return; // other kinds are ignored, like the real server
    let steps: Step[];
    try {
      steps = conversation.hear(bytes.subarray(1));
    } catch {
      // A malformed Ogg page ends the real server's session too, without an error frame.
      ws.close(1007, 'malformed Ogg Opus audio');
      return;
    }
    for (const step of steps) send(step);
  });
}
