/** `POST /v1/audio/speech`: a whole clip, or audio chunks as they are synthesised. */
import type { SpeechRequest } from '../types/other-types.js';
import {
  audioStreamBody,
  bodyError,
  type EventStream,
  readBytes,
  refuseUnlessAudio,
  sendRequest,
} from '../connection/edge-io.js';
import type { RequestOptions, WithMeta } from '../types/options.js';
import type { PolarGridEdge } from '../connection/polargrid-edge.js';
import type { Sent } from '../http/transport.js';
import { prepareSpeech } from './validate.js';

function sendSpeech(
  edge: PolarGridEdge,
  body: SpeechRequest,
  stream: boolean,
  options: RequestOptions | undefined,
): Promise<Sent> {
  const wire = prepareSpeech(body, stream);
  return sendRequest(edge, {
    method: 'POST',
    path: '/v1/audio/speech',
    json: wire,
    model: wire.model,
    auth: true,
    accept: '*/*',
    // A whole clip's headers come once it is synthesised.
    wholeResult: !stream,
    options,
  });
}

/**
 * The whole clip. `response_format` is always sent (the server's default is pcm). The body is
 * read under `streamIdleTimeout` and the request's timeout, up to 256 MiB; an answer that is not
 * audio (a JSON error, an HTML page) is a typed error.
 */
export async function createSpeech(
  edge: PolarGridEdge,
  body: SpeechRequest,
  options?: RequestOptions,
): Promise<WithMeta<{ audio: Uint8Array; contentType: string }>> {
  const sent = await sendSpeech(edge, body, false, options);
  await refuseUnlessAudio(sent, sent.response.body);
  const audio = await readBytes(sent, 'audio');
  return {
    data: { audio, contentType: sent.meta.headers['content-type'] ?? 'application/octet-stream' },
    meta: sent.meta,
  };
}

/**
 * `stream: true`: raw audio chunks as they arrive. A dropped connection errors the stream with a
 * `NetworkError`, a pause longer than `streamIdleTimeout` with a `TimeoutError`
 * (`stream_stalled`); an answer that is not audio rejects with a typed error.
 */
export async function streamSpeech(
  edge: PolarGridEdge,
  body: SpeechRequest,
  options?: RequestOptions,
): Promise<EventStream<Uint8Array>> {
  const sent = await sendSpeech(edge, body, true, options);
  const { meta } = sent;
  const signal = options?.signal;
  const reader = (await audioStreamBody(sent)).getReader();
  const events = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done, value } = await reader.read();
        if (done) controller.close();
        else controller.enqueue(value);
      } catch (cause) {
        controller.error(bodyError(meta, signal, cause));
      }
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
  return { meta, events };
}
