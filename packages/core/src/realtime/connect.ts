import { assertKeyFormat, missingApiKeyError } from '../auth/api-key.js';
import { ConfigurationError, NetworkError, TimeoutError } from '../errors/error-classes.js';
import { resolveRegionId } from '../regions/resolve.js';
import { getEnv } from '../util/env.js';
import {
  PERSONAPLEX_DEFAULT_REGION,
  PERSONAPLEX_DEFAULT_VOICE,
  PERSONAPLEX_VOICES,
  personaPlexEdgeURL,
  personaPlexSocketURL,
} from './protocol.js';
import {
  openPersonaPlexSocket,
  type PersonaPlexLimits,
  type PersonaPlexSession,
  type WebSocketConstructor,
} from './session.js';

/** Options of {@link connectPersonaPlex}. */
export interface PersonaPlexOptions extends PersonaPlexLimits {
  /** The `pg_*` key. Default: `POLARGRID_API_KEY`. Only for servers: a browser never holds it (use a relay). */
  apiKey?: string | undefined;
  /**
   * Where to connect: a region id or alias (`yto-01`, `toronto`), `'auto'` to ask the autorouter,
   * or nothing for PolarGrid's default PersonaPlex region, `yto-01`. Ignored when `baseURL` is set.
   */
  region?: string | undefined;
  /** An explicit edge base URL (`https://…`, `http://127.0.0.1:…` for the emulator). Default: `POLARGRID_BASE_URL`. */
  baseURL?: string | undefined;
  /** The autorouter used by `region: 'auto'`. Default: `POLARGRID_AUTOROUTER_URL`, else `https://autorouter.polargrid.ai`. */
  autorouterURL?: string | undefined;
  /** The voice id (`NATF0`…`VARM4`). Default `NATF0`. */
  voice?: string | undefined;
  /** The persona (system prompt), fixed for the session. */
  persona?: string | undefined;
  /** Ends the session (or the connection attempt) with an `AbortError`. */
  signal?: AbortSignal | undefined;
  /** The `WebSocket` to use. Default: the global one (Node ≥ 22, Deno, Bun, Workers). */
  WebSocket?: WebSocketConstructor | undefined;
  /** The `fetch` used to ask the autorouter. Default: the global one. */
  fetch?: typeof fetch | undefined;
}

const AUTOROUTE_TIMEOUT_MS = 5_000;
const DEFAULT_AUTOROUTER = 'https://autorouter.polargrid.ai';

/**
 * Opens a PersonaPlex conversation: resolves the edge (explicit URL, pinned region, autorouted, or
 * `yto-01`), checks the key and the voice before any network call, opens the socket with the key
 * as the subprotocol `bearer.<key>` and waits for the edge's handshake.
 *
 * @example
 * ```ts
 * const session = await connectPersonaPlex({ voice: 'NATF0', persona: 'You are a helpful barista.' });
 * session.sendAudio(opusPacket); // 24 kHz mono Opus, as the mic produces it
 * for await (const event of session) if (event.type === 'text') process.stdout.write(event.text);
 * ```
 */
export async function connectPersonaPlex(
  options: PersonaPlexOptions = {},
): Promise<PersonaPlexSession> {
  const apiKey = (options.apiKey ?? getEnv('POLARGRID_API_KEY') ?? '').trim();
  if (apiKey === '') throw missingApiKeyError();
  assertKeyFormat(apiKey);
  const voice = options.voice ?? PERSONAPLEX_DEFAULT_VOICE;
  if (!(PERSONAPLEX_VOICES as readonly string[]).includes(voice)) {
    throw new ConfigurationError({
      message: `Unknown PersonaPlex voice "${voice}". Voices: ${PERSONAPLEX_VOICES.join(', ')}.`,
      code: 'unknown_voice',
    });
  }
  const { base, region } = await resolveEdge(options);
  return openPersonaPlexSocket({
    ...options,
    url: personaPlexSocketURL(base, voice, options.persona),
    region,
    apiKey,
  });
}

async function resolveEdge(
  options: PersonaPlexOptions,
): Promise<{ base: string; region: string | undefined }> {
  const baseURL = options.baseURL ?? getEnv('POLARGRID_BASE_URL');
  if (baseURL !== undefined) {
    if (!/^(https?|wss?):\/\//i.test(baseURL)) {
      throw new ConfigurationError({
        message: `baseURL must be an http(s) or ws(s) URL, got "${baseURL}".`,
        code: 'invalid_url',
      });
    }
    return { base: baseURL.replace(/\/v1\/?$/, ''), region: undefined };
  }
  if (options.region === 'auto') return autoroute(options);
  const region = resolveRegionId(options.region ?? PERSONAPLEX_DEFAULT_REGION);
  return { base: personaPlexEdgeURL(region), region };
}

/** Asks the autorouter for the nearest edge (no model: PersonaPlex is not in `/v1/models`), without the key. */
async function autoroute(
  options: PersonaPlexOptions,
): Promise<{ base: string; region: string | undefined }> {
  const router = (
    options.autorouterURL ??
    getEnv('POLARGRID_AUTOROUTER_URL') ??
    DEFAULT_AUTOROUTER
  ).replace(/\/+$/, '');
  const url = `${router}/v1/route`;
  const doFetch = options.fetch ?? globalThis.fetch;
  const timeout = AbortSignal.timeout(AUTOROUTE_TIMEOUT_MS);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  let body: unknown;
  try {
    const response = await doFetch(url, {
      headers: { accept: 'application/json' },
      redirect: 'manual',
      signal,
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    if (text.length > 65_536) throw new Error('an oversized answer');
    body = JSON.parse(text);
  } catch (error) {
    if (timeout.aborted) {
      throw new TimeoutError({
        message: `The autorouter (${url}) did not answer within ${AUTOROUTE_TIMEOUT_MS} ms.`,
        code: 'timeout',
        url,
      });
    }
    throw new NetworkError({
      message: `The autorouter (${url}) gave no route: ${error instanceof Error ? error.message : String(error)}. Pin a region instead (region: 'yto-01').`,
      code: 'no_route',
      url,
    });
  }
  const route = body as { endpoint?: unknown; region?: unknown };
  if (typeof route.endpoint !== 'string' || !/^https?:\/\//.test(route.endpoint)) {
    throw new NetworkError({
      message: `The autorouter (${url}) answered without an edge endpoint.`,
      code: 'no_route',
      url,
    });
  }
  return {
    base: route.endpoint,
    region: typeof route.region === 'string' ? route.region : undefined,
  };
}
