/**
 * `@polargrid/ai-sdk-provider/realtime-relay`: the server half of PolarGrid realtime with the AI
 * SDK. {@link relayPersonaPlex} serves one browser WebSocket of `useRealtime` (with
 * `polargrid.experimental_realtime('personaplex')` and `api: { websocket: <this relay> }`): it
 * holds the key, opens PersonaPlex through `@polargrid/core/realtime`, and converts between the
 * browser's 24 kHz PCM and PersonaPlex's Ogg Opus with libopus (`opusscript`, WASM).
 *
 * Runs where a WebSocket server and Node's `Buffer` are (the codec needs it): a Next.js custom
 * server, a separate Node (or Bun, Deno) process. A separate entry, so the provider's main entry
 * never loads the codec.
 *
 * @module
 */
export {
  type PersonaPlexRelayOptions,
  type RelaySocket,
  relayPersonaPlex,
} from './realtime/relay.js';
