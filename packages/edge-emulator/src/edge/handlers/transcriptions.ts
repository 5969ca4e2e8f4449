import { formatTranscript, transcribe, transcriptDeltas } from '../../audio/transcribe.js';
import type { DetailItem } from '../../http/respond.js';
import { sendDetail, sendJson } from '../../http/respond.js';
import { checkModel } from '../model-check.js';
import { newId, type RequestContext } from '../request-context.js';
import { computeDelay, sendBody } from '../respond-body.js';
import { SSE_HEADERS } from '../sse-common.js';
import { type Frame, playFrames, sseData } from '../stream-player.js';

const FORMATS = new Set(['json', 'text', 'srt', 'vtt', 'verbose_json']);

function queryBool(ctx: RequestContext, name: string, errors: DetailItem[]): boolean {
  const raw = ctx.query[name];
  if (raw === undefined) return false;
  if (['true', '1', 'yes', 'on'].includes(raw.toLowerCase())) return true;
  if (['false', '0', 'no', 'off'].includes(raw.toLowerCase())) return false;
  errors.push({
    loc: ['query', name],
    msg: 'Input should be a valid boolean',
    type: 'bool_parsing',
    input: raw,
  });
  return false;
}

/** The uploaded `file` part, read with the platform's multipart parser (undici's FormData). */
async function uploadedFile(ctx: RequestContext): Promise<Buffer | undefined> {
  const type = ctx.headers['content-type'] ?? '';
  if (!type.startsWith('multipart/form-data')) return undefined;
  try {
    const form = await new Response(new Uint8Array(ctx.body), {
      headers: { 'content-type': type },
    }).formData();
    const file = form.get('file');
    if (!file || typeof file === 'string') return undefined;
    return Buffer.from(await file.arrayBuffer());
  } catch {
    return undefined;
  }
}

/**
 * `POST /v1/audio/transcriptions`: the multipart body carries only `file`; every parameter is in
 * the query. Default async (202 + job), `sync=true` inline, `stream=true` SSE.
 */
export async function handleTranscription(ctx: RequestContext): Promise<void> {
  const errors: DetailItem[] = [];
  const model = ctx.query.model;
  if (!model) errors.push({ loc: ['query', 'model'], msg: 'Field required', type: 'missing' });
  const format = ctx.query.response_format ?? 'json';
  if (!FORMATS.has(format)) {
    errors.push({
      loc: ['query', 'response_format'],
      msg: "Input should be 'json', 'text', 'srt', 'vtt' or 'verbose_json'",
      type: 'enum',
      input: format,
    });
  }
  const temperature = ctx.query.temperature === undefined ? 0 : Number(ctx.query.temperature);
  if (!Number.isFinite(temperature) || temperature < 0 || temperature > 1) {
    errors.push({
      loc: ['query', 'temperature'],
      msg: 'Input should be between 0 and 1',
      type: 'less_than_equal',
      input: ctx.query.temperature,
    });
  }
  const stream = queryBool(ctx, 'stream', errors);
  const sync = queryBool(ctx, 'sync', errors);
  queryBool(ctx, 'punctuation', errors);
  const file = await uploadedFile(ctx);
  if (!file) errors.push({ loc: ['body', 'file'], msg: 'Field required', type: 'missing' });
  if (errors.length > 0) return sendDetail(ctx.res, 422, errors);
  if (stream && sync) return sendDetail(ctx.res, 400, 'stream and sync cannot both be true');
  if (!model || !file) return;
  if (file.length === 0) return sendDetail(ctx.res, 400, 'The uploaded file is empty');
  if (!checkModel(ctx, model, 'stt')) return;

  const transcript = transcribe(file);
  const language = ctx.query.language ?? 'en';
  if (sync) {
    await computeDelay(ctx, 1);
    const out = formatTranscript(transcript, format, language);
    return sendBody(ctx, 200, out.body, { 'content-type': out.contentType });
  }
  if (stream) {
    const frames: Frame[] = transcriptDeltas(transcript.text).map((delta) => ({
      phase: 'content',
      text: sseData({ type: 'transcript.text.delta', delta }),
    }));
    frames.push({
      phase: 'tail',
      text: sseData({ type: 'transcript.text.done', text: transcript.text }),
    });
    frames.push({ phase: 'tail', text: sseData('[DONE]') });
    ctx.res.writeHead(200, SSE_HEADERS);
    ctx.res.flushHeaders();
    // A delta spans a few words: pace it like three tokens.
    const pacing = { ...ctx.pacing, tokensPerSecond: ctx.pacing.tokensPerSecond / 3 };
    const timings = {
      startedAt: ctx.startedAt,
      firstContentAt: undefined,
      lastContentAt: undefined,
    };
    await playFrames(ctx.res, frames, pacing, ctx.fault, timings);
    return;
  }
  const id = newId('job_transcription_');
  const out = formatTranscript(transcript, format, language);
  const jobMs = Number(ctx.headers['x-pg-emulator-job-ms'] ?? ctx.pacing.ttftMs) || 0;
  ctx.state.jobs.set(id, {
    id,
    createdAt: Date.now(),
    readyAt: Date.now() + jobMs,
    result: out.json,
    contentType: out.contentType,
  });
  sendJson(ctx.res, 202, {
    job_id: id,
    status: 'queued',
    poll_url: `/v1/audio/transcriptions?job_id=${id}`,
  });
}

/** `GET /v1/audio/transcriptions?job_id=…`: `processing` until the job is ready, then `completed`. */
export function handlePoll(ctx: RequestContext): void {
  const id = ctx.query.job_id;
  if (!id) {
    sendDetail(ctx.res, 422, [
      { loc: ['query', 'job_id'], msg: 'Field required', type: 'missing' },
    ]);
    return;
  }
  const job = ctx.state.jobs.get(id);
  if (!job) {
    sendDetail(ctx.res, 404, `Job not found: ${id}`);
    return;
  }
  if (Date.now() < job.readyAt) {
    sendJson(ctx.res, 200, { job_id: id, status: 'processing' });
    return;
  }
  const text = typeof job.result === 'string' ? job.result : (job.result as { text?: string }).text;
  sendJson(ctx.res, 200, { job_id: id, status: 'completed', result: job.result, text });
}
