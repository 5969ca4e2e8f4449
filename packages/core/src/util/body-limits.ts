/**
 * The core's one set of size caps: how much it reads of each kind of body, whole (the body
 * reader, `io/read-body.ts`) or streamed (the SSE decoder, `stream/sse-reader.ts`). Data that
 * both layers use, so it sits below them.
 *
 * How many bytes the core reads of each kind of body. An edge (or anything posing as one) may
 * send an endless body; the core reads a bounded amount and then stops, so memory stays bounded
 * whatever the server does.
 */

const KiB = 1024;
const MiB = 1024 * KiB;

/** The size caps, in bytes, by kind of body. */
export const BODY_LIMITS = {
  /**
   * An error body (4xx/5xx, or a 200 that answers a stream request with something that is not a
   * stream). Read up to this much, then stop: the error is still raised, from the part read.
   */
  error: 64 * KiB,
  /** The autorouter's answer (`{region, name, endpoint, ttl}`, a few hundred bytes). */
  route: 64 * KiB,
  /** A JSON result: a chat or text completion, a model list, a transcript, a job. */
  json: 8 * MiB,
  /** An embeddings result: many vectors written as decimal text. */
  embeddings: 128 * MiB,
  /** A whole speech clip, and the total of a streamed one (about 90 min of 24 kHz 16-bit PCM). */
  audio: 256 * MiB,
  /**
   * One SSE event (its data lines, or one unfinished line), in characters: the SSE decoder's
   * one cap. On PolarGrid's wire an event carries one chunk of a few hundred bytes, so an event
   * this long is a broken or hostile stream. A stream as a whole has no cap: it may run for as
   * long as it keeps sending.
   */
  sseEvent: 1 * MiB,
} as const;

/** A kind of whole body; see {@link BODY_LIMITS}. */
export type BodyKind = 'error' | 'route' | 'json' | 'embeddings' | 'audio';
