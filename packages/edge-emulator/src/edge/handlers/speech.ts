import { OggOpusEncoder } from '../../audio/opus.js';
import { encodeText } from '../../audio/tone-codec.js';
import { encodeMp3 } from '../../audio/mp3.js';
import { toWav } from '../../audio/wav.js';
import { KOKORO_VOICES } from '../../catalog.js';
import { sendDetail, sleep } from '../../http/respond.js';
import { checkModel } from '../model-check.js';
import type { RequestContext } from '../request-context.js';
import { sendBody } from '../respond-body.js';
import { clientGone } from '../stream-player.js';
import { Validator } from '../validation.js';

/** Whole-clip formats and their content types (§4.7). */
const BATCH_FORMATS = new Map([
  ['pcm', 'audio/pcm'],
  ['wav', 'audio/wav'],
  ['mp3', 'audio/mpeg'],
]);
const TADA_LANGUAGES = new Set(['en', 'fr', 'de', 'es', 'it', 'pt', 'pl', 'ja', 'ar', 'zh']);
/** 100 ms of 24 kHz 16-bit audio per streamed chunk. */
const STREAM_CHUNK_BYTES = 4_800;
/** 24 kHz, 16-bit mono. */
const BYTES_PER_MS = 48;
/** How much faster than real time the paced emulator synthesises. */
const REALTIME_FACTOR = 5;

/** Checks the format rules of §4.7; returns an error detail or undefined. */
function formatError(format: string, stream: boolean): string | undefined {
  if (stream) {
    if (format === 'pcm' || format === 'opus') return undefined;
    return `Streaming supports response_format 'pcm' or 'opus' only, got '${format}'`;
  }
  if (BATCH_FORMATS.has(format)) return undefined;
  return `response_format must be 'pcm', 'wav' or 'mp3', got '${format}'`;
}

/** `POST /v1/audio/speech`: real 24 kHz 16-bit mono audio that carries the text (see tone-codec). */
export async function handleSpeech(ctx: RequestContext): Promise<void> {
  const v = new Validator(ctx.json);
  const model = v.string('model', true);
  const input = v.string('input', true);
  const voice = v.string('voice', true);
  const format = v.string('response_format') ?? 'pcm';
  const stream = v.boolean('stream') ?? false;
  const speed = v.number('speed', 0.25, 4) ?? 1;
  const language = v.string('language');
  const transcript = v.string('voice_transcript');
  if (!v.ok) return sendDetail(ctx.res, 422, v.errors);
  if (model === undefined || input === undefined || voice === undefined) return;
  if (input.trim() === '') return sendDetail(ctx.res, 400, 'Input text must not be empty');
  if (input.length > 4096)
    return sendDetail(ctx.res, 400, 'Input text must be at most 4096 characters');
  if (voice.trim() === '') return sendDetail(ctx.res, 400, 'voice must not be empty');
  const badFormat = formatError(format, stream);
  if (badFormat) return sendDetail(ctx.res, 400, badFormat);
  if (!checkModel(ctx, model, 'tts')) return;

  if (model.startsWith('tada')) {
    const cloned = voice !== 'default';
    if (cloned && !transcript) {
      return sendDetail(
        ctx.res,
        400,
        'voice_transcript is required when voice is a URL or a base64 clip',
      );
    }
    if (language && !TADA_LANGUAGES.has(language)) {
      return sendDetail(ctx.res, 400, `Unsupported language '${language}'`);
    }
    if (stream && speed !== 1)
      return sendDetail(ctx.res, 400, 'Streaming tada-3b-ml requires speed 1.0');
  } else if (!KOKORO_VOICES.includes(voice)) {
    // PolarGrid reports a bad voice as a synthesis failure (502), never an empty 200.
    return sendDetail(ctx.res, 502, `Speech synthesis failed: unknown voice '${voice}'`);
  }

  const pcm = encodeText(input, speed);
  // Paced like a real edge: a first-byte delay, then synthesis at five times real time (100 ms of
  // audio every 20 ms). A whole clip is ready once all of it is synthesised.
  const paced = ctx.pacing.tokensPerSecond > 0;
  if (!stream) {
    const synthesisMs = paced ? pcm.length / BYTES_PER_MS / REALTIME_FACTOR : 0;
    await sleep(ctx.pacing.speechFirstByteMs + synthesisMs, clientGone(ctx.res));
    const body = format === 'wav' ? toWav(pcm) : format === 'mp3' ? await encodeMp3(pcm) : pcm;
    return sendBody(ctx, 200, body, { 'content-type': BATCH_FORMATS.get(format) ?? 'audio/pcm' });
  }
  const gone = clientGone(ctx.res);
  // Time to the first audio chunk (a real kokoro edge: roughly 80–150 ms).
  await sleep(ctx.pacing.speechFirstByteMs, gone);
  if (gone.aborted) return;
  // Opus streams as Ogg pages (one 20 ms packet each), encoded chunk by chunk as the PCM is made.
  const opus = format === 'opus' ? new OggOpusEncoder() : undefined;
  try {
    await streamChunks(ctx, pcm, opus, paced, gone);
  } finally {
    opus?.free();
  }
}

async function streamChunks(
  ctx: RequestContext,
  pcm: Buffer,
  opus: OggOpusEncoder | undefined,
  paced: boolean,
  gone: AbortSignal,
): Promise<void> {
  ctx.res.writeHead(200, {
    'content-type': opus ? 'audio/ogg; codecs=opus' : 'audio/pcm',
    'x-pg-first-byte-ms': String(Date.now() - ctx.startedAt),
  });
  const gap = paced ? STREAM_CHUNK_BYTES / BYTES_PER_MS / REALTIME_FACTOR : 0;
  const fault = ctx.fault;
  const after = fault ? Number(fault.params.afterChunks ?? 2) || 0 : -1;
  let chunks = 0;
  for (let at = 0; at < pcm.length; at += STREAM_CHUNK_BYTES) {
    if (gone.aborted) return;
    if (fault && chunks === after) {
      if (fault.kind === 'reset-mid-stream') {
        await sleep(25);
        ctx.res.socket?.resetAndDestroy();
        return;
      }
      if (fault.kind === 'stall') {
        const ms = Number(fault.params.ms ?? Number.POSITIVE_INFINITY);
        if (Number.isFinite(ms)) await sleep(ms, gone);
        else await new Promise<void>((resolve) => gone.addEventListener('abort', () => resolve()));
        if (gone.aborted) return;
      }
      if (fault.kind === 'no-finish') break;
    }
    const chunk = pcm.subarray(at, at + STREAM_CHUNK_BYTES);
    const last = at + STREAM_CHUNK_BYTES >= pcm.length;
    ctx.res.write(opus ? Buffer.concat(opus.encode(chunk, { last })) : chunk);
    chunks += 1;
    if (gap > 0) await sleep(gap, gone);
  }
  ctx.res.end();
}
