/**
 * `POST /v1/audio/transcriptions` in its three modes: `?sync=true`, `?stream=true` (SSE), and
 * the default async job polled on the edge that holds it. The multipart body holds only `file`;
 * every other parameter goes in the query.
 */
import type { Transcription, TranscriptionJob, TranscriptionParams } from '../types/other-types.js';
import {
  type EventStream,
  eventStreamBody,
  readJSON,
  readText,
  sendRequest,
  streamOptions,
} from '../connection/edge-io.js';
import type { RequestOptions, ResponseMeta, WithMeta } from '../types/options.js';
import type { PolarGridEdge } from '../connection/polargrid-edge.js';
import { AbortError, ServerError, TimeoutError } from '../errors/error-classes.js';
import type { RequestPlan, Sent } from '../http/transport.js';
import type { Candidate } from '../routing/router.js';
import type { TranscriptionStreamEvent } from '../stream/events.js';
import { decodeTranscriptionStream } from '../stream/transcription-stream.js';
import { attemptSignal, sleep } from '../util/abort.js';
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
    // A sync transcription answers once the transcript is whole.
    wholeResult: mode.sync,
    options,
  };
}

/** A JSON transcript when the format is JSON-shaped and the body parses; the plain text otherwise. */
async function transcriptionResult(sent: Sent, format: string | undefined): Promise<Transcription> {
  const text = await readText(sent);
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
    data: await transcriptionResult(sent, params.response_format),
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
  const events = decodeTranscriptionStream(
    await eventStreamBody(sent),
    streamOptions(edge, sent.meta, options),
  );
  return { meta: sent.meta, events };
}

/** The first wait between polls of a transcription job, by default (ms). */
export const POLL_INTERVAL_MS = 1000;
/** Each wait between polls is this much longer than the one before… */
const POLL_BACKOFF = 1.5;
/** …up to this (ms), or up to `pollIntervalMs` when that is longer. */
export const MAX_POLL_INTERVAL_MS = 10_000;
/** How long a transcription job is waited for, by default (ms): 10 minutes. */
export const POLL_TIMEOUT_MS = 600_000;

/** Options of {@link transcribeAsync}. */
export interface TranscribeAsyncOptions extends RequestOptions {
  /**
   * The first wait between polls (ms), default 1 000. Each next wait is 1.5× longer, up to
   * 10 000 ms (or this value, when larger).
   */
  pollIntervalMs?: number | undefined;
  /**
   * How long to wait for the job (ms), counted from its acceptance; default 600 000 (10
   * minutes), 0 for no limit. A job not done by then is a `TimeoutError`
   * (`job_timeout`) whose `details.jobId` names the job (it may still finish on its edge).
   */
  pollTimeoutMs?: number | undefined;
}

/**
 * The default async mode: `202` + job, then `GET /v1/audio/transcriptions?job_id=` on the same
 * edge (the job lives there), waiting `pollIntervalMs` before the first poll and 1.5× longer
 * before each next one, until the job reports a final status or `pollTimeoutMs` passes. A failed
 * job is a {@link ServerError} (`transcription_failed`); a job not done in time a
 * {@link TimeoutError} (`job_timeout`, `details.jobId`). The caller's signal stops the polling
 * with an `AbortError`.
 */
export async function transcribeAsync(
  edge: PolarGridEdge,
  file: Blob,
  params: TranscriptionParams,
  options?: TranscribeAsyncOptions,
): Promise<WithMeta<Transcription>> {
  const first = await sendRequest(edge, await transcriptionPlan(file, params, {}, options));
  let job = (await readJSON<TranscriptionJob>(first)).data;
  let meta = first.meta;
  const pinned: Candidate = {
    region: meta.region,
    regionName: meta.regionName,
    endpoint: meta.endpoint,
    source: meta.routeSource,
  };
  const timeoutMs = options?.pollTimeoutMs ?? POLL_TIMEOUT_MS;
  // The caller's signal and the polling deadline in one: polls and waits stop on either.
  const deadline = attemptSignal(options?.signal, timeoutMs);
  const pollOptions: RequestOptions = { ...options, signal: deadline.signal };
  let interval = options?.pollIntervalMs ?? POLL_INTERVAL_MS;
  const maxInterval = Math.max(interval, MAX_POLL_INTERVAL_MS);
  try {
    for (;;) {
      const done = finishedJob(job, meta);
      if (done) return { data: done, meta };
      await sleep(interval, deadline.signal, meta.region);
      interval = Math.min(interval * POLL_BACKOFF, maxInterval);
      const poll = await sendRequest(edge, {
        method: 'GET',
        path: TRANSCRIPTIONS_PATH,
        query: { job_id: String(job.job_id) },
        auth: true,
        pin: pinned,
        options: pollOptions,
      });
      meta = poll.meta;
      job = (await readJSON<TranscriptionJob>(poll)).data;
    }
  } catch (error) {
    if (error instanceof AbortError && deadline.timeout.aborted) {
      throw new TimeoutError({
        message: `Transcription job ${job.job_id} was not done after ${timeoutMs} ms (last status: ${String(job.status)}); it may still finish on PolarGrid edge ${meta.region}.`,
        code: 'job_timeout',
        region: meta.region,
        details: { jobId: job.job_id, status: job.status },
        retryable: false,
      });
    }
    throw error;
  } finally {
    deadline.disarm();
  }
}

/**
 * The transcript of a job in a final state; `undefined` while it is still running. A failed job,
 * or a running one without a `job_id` to poll, is a typed error.
 */
function finishedJob(job: TranscriptionJob, meta: ResponseMeta): Transcription | undefined {
  if (typeof job.text === 'string' && job.status === undefined)
    return job as unknown as Transcription;
  const status = String(job.status ?? '').toLowerCase();
  if (DONE_STATUSES.has(status)) {
    return isRecord(job.result) ? (job.result as Transcription) : (job as unknown as Transcription);
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
  return undefined;
}
