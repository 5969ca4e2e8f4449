/**
 * What a stream request's 2xx answer may hand on. A stream request answered with something that
 * is not a stream (a JSON error object, an HTML page from a proxy, a whole non-streamed
 * completion) is an error, never an empty answer:
 *
 * - SSE (chat, completions, transcription streams): `text/event-stream` is a stream. A missing
 *   content type is sniffed: a body that starts like SSE (`data:`, `event:`, `id:`, `retry:` or
 *   a `:` comment) is a stream. Anything else is not.
 * - Audio (speech streams and clips): `audio/*` and `application/octet-stream` are audio; so is
 *   a body without a content type (raw PCM cannot be told apart from anything else).
 * - Not a stream: the body is read as an error body (64 KiB, under the deadlines). A JSON
 *   `{"error": …}` gives the `StreamError` it describes, with its code and type. Anything else,
 *   a whole chat completion included (it is not accepted as the answer: a stream request gets a
 *   stream), is a `ServerError` with code `not_event_stream` (or `not_audio`), status 200,
 *   carrying the body's text. Not retryable: the edge answered, and a generation may have run.
 */
import type { PolarGridErrorCode } from '../errors/codes.js';
import { ServerError } from '../errors/error-classes.js';
import { parseErrorBody } from '../errors/parse-error-body.js';
import type { PolarGridError } from '../errors/polargrid-error.js';
import { BODY_LIMITS, guardBody, peekBody } from '../io/read-body.js';
import type { Sent } from '../http/transport.js';
import { tryParseJSON } from '../util/safe-json.js';
import { errorOfBody, isErrorBody, readText } from './read-response.js';

/** A field name or comment at the start of an SSE stream (after an optional byte-order mark). */
const SSE_START = /^\uFEFF?\s*(?:data|event|id|retry)?:/;

const emptyBody = (): ReadableStream<Uint8Array> =>
  new ReadableStream<Uint8Array>({ start: (c) => c.close() });

/**
 * The SSE body of a stream request's answer, for the decoder (which applies the idle deadline
 * and the event cap, `BODY_LIMITS.sseEvent`). Rejects with the typed error when the answer is
 * not an event stream (see the file comment).
 */
export async function eventStreamBody(sent: Sent): Promise<ReadableStream<Uint8Array>> {
  const contentType = sent.meta.headers['content-type'];
  let body = sent.response.body ?? emptyBody();
  if (contentType === undefined) {
    const peeked = await peekBody(body, sent.deadlines, sent.source);
    body = peeked.body;
    if (!SSE_START.test(peeked.head) && peeked.head.trim() !== '') {
      throw await notAStream(sent, body, 'an event stream', 'not_event_stream');
    }
  } else if (!/^text\/event-stream\b/i.test(contentType)) {
    throw await notAStream(sent, body, 'an event stream', 'not_event_stream');
  }
  return body;
}

/** True when a content type may carry audio (see the file comment). */
function isAudio(contentType: string | undefined): boolean {
  return contentType === undefined || /^(audio\/|application\/octet-stream\b)/i.test(contentType);
}

/**
 * The audio body of a speech stream, under the idle deadline and the audio cap
 * (`BODY_LIMITS.audio` for the whole stream). Rejects with the typed error when the answer is not
 * audio.
 */
export async function audioStreamBody(sent: Sent): Promise<ReadableStream<Uint8Array>> {
  const body = sent.response.body ?? emptyBody();
  await refuseUnlessAudio(sent, body);
  return guardBody(body, {
    streamIdleTimeout: sent.deadlines.streamIdleTimeout,
    maxBytes: BODY_LIMITS.audio,
    signal: sent.deadlines.signal,
    source: sent.source,
  });
}

/** Rejects with the typed error when a speech answer is not audio (a JSON error, an HTML page). */
export async function refuseUnlessAudio(
  sent: Sent,
  body: ReadableStream<Uint8Array> | null,
): Promise<void> {
  if (!isAudio(sent.meta.headers['content-type']))
    throw await notAStream(sent, body ?? emptyBody(), 'audio', 'not_audio');
}

/** The error for a 2xx answer that is not the `expected` kind of body (read as an error body). */
async function notAStream(
  sent: Sent,
  body: ReadableStream<Uint8Array>,
  expected: string,
  code: Extract<PolarGridErrorCode, 'not_event_stream' | 'not_audio'>,
): Promise<PolarGridError> {
  const text = await readText(sent, 'error', body);
  const { meta } = sent;
  const data = tryParseJSON(text);
  if (isErrorBody(data)) return errorOfBody(data, meta);
  const said = parseErrorBody(text).message;
  const contentType = meta.headers['content-type'] ?? 'no content type';
  return new ServerError({
    message: `PolarGrid edge ${meta.region} answered ${meta.status} with a body that is not ${expected} (${contentType})${said ? `: ${said}` : ''}.`,
    status: meta.status,
    code,
    region: meta.region,
    requestId: meta.requestId,
    headers: meta.headers,
    details: data,
    responseBody: text,
    retryable: false,
  });
}
