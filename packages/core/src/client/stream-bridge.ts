/**
 * The one place the client touches the stream decoders (owned by packages/core/src/stream).
 * Keeping the import here means a change in their entry points is a one-file change.
 */
export {
  decodeChatStream,
  decodeCompletionStream,
  decodeTranscriptionStream,
  normaliseChatCompletion,
  normaliseCompletion,
} from '../stream/index.js';
