/**
 * `POST /v1/audio/transcriptions` in its three modes: `?sync=true`, `?stream=true` (SSE), and
 * the default async job polled on the edge that holds it. The multipart body holds only `file`;
 * every other parameter goes in the query.
 */
import type {
  Transcription,
  TranscriptionJob,
  TranscriptionParams,
  TranscriptionStreamEvent,
} from '../api/other-types.js';
import {
  bodyStream,
  type EventStream,
  readJSON,
  readText,
  sendRequest,
  streamOptions,
} from '../client/edge-io.js';
import type { RequestOptions, WithMeta } from '../client/options.js';
import type { PolarGridEdge } from '../client/polargrid-edge.js';
import { ServerError } from '../errors/error-classes.js';
import type { RequestPlan, Sent } from '../http/transport.js';
import type { Candidate } from '../routing/router.js';
import { decodeTranscriptionStream } from '../stream/transcription-stream.js';
import { sleep } from '../util/abort.js';
import { isRecord, parseJSON } from '../util/safe-json.js';
import { checkAudioBytes, checkTranscription } from './validate.js';

const TRANSCRIPTIONS_PATH = '/v1/audio/transcriptions';

const DONE_STATUSES = new Set([
  'completed',
  'complete',
  'succeeded',
  'success',
  'done',
  'finished',
]);
const FAILED_STATUSES = new Set(['failed', 'error', 'errored', 'cancelled', 'canceled']);

async function transcriptionPlan(
  file: Blob,
  params: TranscriptionParams,
  mode: { sync?: true; stream?: true },
  options: RequestOptions | undefined,
): Promise<RequestPlan> {
  checkTranscription(file, { ...params, ...mode });
  await checkAudioBytes(file);
  const form = new FormData();
  form.append('file', file, (file as { name?: string }).name || 'audio');
  const query: RequestPlan['query'] = {};
  for (const [k, v] of Object.entries(params))
    if (v !== undefined) query[k] = v as string | number | boolean;
  if (mode.sync) query.sync = true;
  if (mode.stream) query.stream = true;
  return {
    method: 'POST',
    path: TRANSCRIPTIONS_PATH,
    query,
    form,
    model: params.model,
    auth: true,
    accept: mode.stream ? 'text/event-stream' : 'application/json',
    options,
  };
}

/** A JSON transcript when the format is JSON-shaped and the body parses; the plain text otherwise. */
async function transcriptionResult(
  edge: PolarGridEdge,
  sent: Sent,
  format: string | undefined,
  signal: AbortSignal | undefined,
): Promise<Transcription> {
  const text = await readText(edge, sent, signal);
  const contentType = sent.meta.headers['content-type'] ?? '';
  if (
    (format === undefined || format === 'json' || format === 'verbose_json') &&
    !contentType.startsWith('text/plain')
  ) {
    try {
      const data = parseJSON(text);
      if (isRecord(data)) return data as Transcription;
    } catch {
      // Fall through: a plain-text body is still a transcript.
    }
  }
  return { text } as Transcription;
}

/** `?sync=true`: the transcript in the response. The file is checked (type, leading bytes) first. */
export async function transcribe(
  edge: PolarGridEdge,
  file: Blob,
  params: TranscriptionParams,
  options?: RequestOptions,
): Promise<WithMeta<Transcription>> {
  const sent = await sendRequest(
    edge,
    await transcriptionPlan(file, params, { sync: true }, options),
  );
  return {
    data: await transcriptionResult(edge, sent, params.response_format, options?.signal),
    meta: sent.meta,
  };
}

/** `?stream=true`: `transcript.text.delta` events, then `transcript.text.done`. */
export async function streamTranscription(
  edge: PolarGridEdge,
  file: Blob,
  params: TranscriptionParams,
  options?: RequestOptions,
): Promise<EventStream<TranscriptionStreamEvent>> {
  const sent = await sendRequest(
    edge,
    await transcriptionPlan(file, params, { stream: true }, options),
  );
  return {
    meta: sent.meta,
    events: decodeTranscriptionStream(bodyStream(sent), streamOptions(edge, sent.meta, options)),
  };
}

/**
 * The default async mode: `202` + job, then `GET /v1/audio/transcriptions?job_id=` on the same
 * edge (the job lives there) every `pollIntervalMs` (default 1 s) until the job reports a final
 * status. A failed job is a {@link ServerError} (`transcription_failed`).
 */
export async function transcribeAsync(
  edge: PolarGridEdge,
  file: Blob,
  params: TranscriptionParams,
  options?: RequestOptions & { pollIntervalMs?: number },
): Promise<WithMeta<Transcription>> {
  const first = await sendRequest(edge, await transcriptionPlan(file, params, {}, options));
  let job = (await readJSON<TranscriptionJob>(edge, first, options?.signal)).data;
  const interval = options?.pollIntervalMs ?? 1000;
  const pinned: Candidate = {
    region: first.meta.region,
    regionName: first.meta.regionName,
    endpoint: first.meta.endpoint,
    source: first.meta.routeSource,
  };
  let meta = first.meta;
  for (;;) {
    if (typeof job.text === 'string' && job.status === undefined)
      return { data: job as unknown as Transcription, meta };
    const status = String(job.status ?? '').toLowerCase();
    if (DONE_STATUSES.has(status)) {
      const result = isRecord(job.result)
        ? (job.result as Transcription)
        : (job as unknown as Transcription);
      return { data: result, meta };
    }
    if (FAILED_STATUSES.has(status)) {
      const detail =
        isRecord(job.error) && typeof job.error.message === 'string'
          ? job.error.message
          : String(job.error ?? status);
      throw new ServerError({
        message: `Transcription job ${job.job_id} failed in region ${meta.region}: ${detail}`,
        code: 'transcription_failed',
        region: meta.region,
        requestId: meta.requestId,
        details: job,
      });
    }
    if (typeof job.job_id !== 'string' || job.job_id === '') {
      throw new ServerError({
        message: `PolarGrid edge ${meta.region} answered a transcription job without a job_id.`,
        code: 'invalid_job',
        region: meta.region,
        details: job,
      });
    }
    // Rejects with an AbortError (for this region) when the caller aborts while we wait.
    await sleep(interval, options?.signal, meta.region);
    const poll = await sendRequest(edge, {
      method: 'GET',
      path: TRANSCRIPTIONS_PATH,
      query: { job_id: job.job_id },
      auth: true,
      pin: pinned,
      options,
    });
    meta = poll.meta;
    job = (await readJSON<TranscriptionJob>(edge, poll, options?.signal)).data;
  }
}
