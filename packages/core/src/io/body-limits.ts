/**
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
   * One line of an SSE stream. On PolarGrid's wire a line carries one whole `data:` payload (a
   * chunk of a few hundred bytes), so a line this long is a broken or hostile stream. A stream
   * as a whole has no cap: it may run for as long as it keeps sending.
   */
  sseLine: 1 * MiB,
} as const;

/** A kind of whole body; see {@link BODY_LIMITS}. */
export type BodyKind = 'error' | 'route' | 'json' | 'embeddings' | 'audio';
