/**
 * `@polargrid/core/realtime`: PersonaPlex, PolarGrid's full-duplex speech-to-speech model, over
 * its WebSocket. {@link connectPersonaPlex} opens a conversation (region, key, handshake); the
 * {@link PersonaPlexSession} sends the user's Opus audio and yields the model's Opus audio and
 * transcript. The wire facts live in one module (the frame kinds, URL and auth are exported here
 * too), and the Ogg page framing both ways is {@link OggOpusWriter} / {@link OggOpusReader}.
 *
 * The codec is the caller's: any Opus encoder and decoder (libopus in WASM from npm in Node,
 * WebCodecs in browsers). A separate entry, so apps that never talk realtime neither load nor
 * bundle it.
 *
 * @module
 */
export { connectPersonaPlex, type PersonaPlexOptions } from './realtime/connect.js';
export {
  MAX_OGG_PAGE_BYTES,
  OGG_BOS,
  OGG_CONTINUED,
  OGG_EOS,
  OggFormatError,
  type OggPage,
  OggPageReader,
  OggOpusReader,
  OggOpusWriter,
  type OpusPacket,
  oggCrc,
  opusPacketSamples,
  writeOggPage,
} from './realtime/ogg.js';
export {
  BEARER_SUBPROTOCOL_PREFIX,
  decodeFrame,
  encodeFrame,
  type Frame,
  FrameFormatError,
  FrameKind,
  PERSONAPLEX_DEFAULT_REGION,
  PERSONAPLEX_DEFAULT_VOICE,
  PERSONAPLEX_PATH,
  PERSONAPLEX_SAMPLE_RATE,
  PERSONAPLEX_VOICES,
  type PersonaPlexVoice,
  personaPlexSocketURL,
} from './realtime/protocol.js';
export {
  openPersonaPlexSocket,
  type PersonaPlexEvent,
  type PersonaPlexLimits,
  PersonaPlexSession,
  type PersonaPlexSocketOptions,
  type WebSocketConstructor,
  type WebSocketLike,
} from './realtime/session.js';
