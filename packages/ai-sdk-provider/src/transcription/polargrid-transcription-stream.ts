/**
 * The streaming side of the transcription model (`experimental_streamTranscribe`): a mapping of
 * the core's segmented transcription ({@link streamTranscriptionFromAudio}) to transcript parts.
 * The core cuts the audio (PCM and WAV at pauses, at most every 15 s; other formats whole) and
 * streams each segment through PolarGrid's SSE transcription; this file maps options and events.
 */
import type {
  Experimental_TranscriptionModelV4StreamOptions as TranscriptionStreamOptions,
  Experimental_TranscriptionModelV4StreamPart as TranscriptionStreamPart,
  Experimental_TranscriptionModelV4StreamResult as TranscriptionStreamResult,
  JSONObject,
  SharedV4Warning,
} from '@ai-sdk/provider';
import { convertBase64ToUint8Array } from '@ai-sdk/provider-utils';
import type { ResponseMeta } from '@polargrid/core';
import {
  streamTranscriptionFromAudio,
  type TranscriptionFromAudioEvent,
} from '@polargrid/core/voice';
import { parsePolarGridProviderOptions } from '../shared/parse-provider-options.js';
import type { PolarGridModelConfig } from '../polargrid-config.js';
import { toAISDKError } from '../polargrid-error.js';
import { partStream } from '../shared/part-stream.js';
import { coreRequestOptions } from '../request-headers.js';
import { buildProviderMetadata } from '../shared/provider-metadata.js';
import { polargridTranscriptionOptionsSchema } from './polargrid-transcription-options.js';

const TRANSCRIPTIONS_PATH = '/v1/audio/transcriptions';
/** What PolarGrid speech makes, and so the rate assumed for PCM that names none. */
const DEFAULT_PCM_RATE = 24_000;

/** Runs `experimental_streamTranscribe` for one model; see {@link streamTranscriptionFromAudio}. */
export async function doStreamTranscription(
  modelId: string,
  config: PolarGridModelConfig,
  options: TranscriptionStreamOptions,
): Promise<TranscriptionStreamResult> {
  const warnings: SharedV4Warning[] = [];
  const { type, rate } = options.inputAudioFormat;
  const isPcm = /^(audio\/)?(pcm|l16)$/i.test(type);
  const requestBody: JSONObject = { model: modelId, mediaType: type, stream: true };
  let events: ReadableStream<TranscriptionFromAudioEvent>;
  try {
    const polargrid = parsePolarGridProviderOptions(
      options.providerOptions,
      polargridTranscriptionOptionsSchema,
    );
    if (isPcm && rate === undefined) {
      warnings.push({
        type: 'compatibility',
        feature: 'inputAudioFormat',
        details: `PCM without a rate: read as ${DEFAULT_PCM_RATE} Hz, 16-bit, mono.`,
      });
    }
    const language = polargrid?.language?.toLowerCase();
    if (language !== undefined) requestBody.language = language;
    // Chunks may be base64 text; the core reads bytes.
    const audio = options.audio.pipeThrough(
      new TransformStream<Uint8Array | string, Uint8Array>({
        transform(chunk, controller) {
          controller.enqueue(typeof chunk === 'string' ? convertBase64ToUint8Array(chunk) : chunk);
        },
      }),
    );
    const request = coreRequestOptions(options);
    events = streamTranscriptionFromAudio(config.client(), audio, {
      model: modelId,
      mediaType: isPcm ? 'audio/pcm' : type,
      sampleRate: rate ?? DEFAULT_PCM_RATE,
      language,
      prompt: polargrid?.prompt,
      temperature: polargrid?.temperature,
      punctuation: polargrid?.punctuation,
      segmenting: polargrid?.segmenting,
      signal: request.signal,
      headers: request.headers,
    });
  } catch (error) {
    // The audio stream is ours once doStream is called: release it on every failed setup.
    await options.audio.cancel(error).catch(() => {});
    throw toAISDKError(error, { path: TRANSCRIPTIONS_PATH, body: requestBody });
  }

  const timestamp = config.currentDate?.() ?? new Date();
  const reader = events.getReader();
  let firstMeta: ResponseMeta | undefined;
  const language = requestBody.language as string | undefined;

  /** The AI SDK part for a core event. */
  const toPart = (e: TranscriptionFromAudioEvent): TranscriptionStreamPart | undefined => {
    switch (e.type) {
      case 'segment-start':
        if (firstMeta !== undefined) return undefined;
        firstMeta = e.meta;
        return { type: 'response-metadata', timestamp, modelId, headers: e.meta.headers };
      case 'delta':
        return { type: 'transcript-delta', id: String(e.index), delta: e.delta };
      case 'segment-end': {
        const part: TranscriptionStreamPart = {
          type: 'transcript-final',
          id: String(e.index),
          text: e.text,
        };
        if (e.startSecond !== undefined) part.startSecond = e.startSecond;
        if (e.endSecond !== undefined) part.endSecond = e.endSecond;
        return part;
      }
      case 'segment-error':
        // Non-fatal: this segment's words are lost, the ones after it still come, in order.
        return {
          type: 'error',
          error: toAISDKError(e.error, { path: TRANSCRIPTIONS_PATH, body: requestBody }),
        };
      case 'finish': {
        const polargrid: JSONObject = {
          ...buildProviderMetadata(firstMeta).polargrid,
          segments: e.segments.length,
          failedSegments: e.failedSegments,
        };
        const part: TranscriptionStreamPart = {
          type: 'finish',
          text: e.text,
          // Whole compressed files have no known span; they are in `text` only.
          segments: e.segments.flatMap((s) =>
            s.startSecond !== undefined && s.endSecond !== undefined
              ? [{ text: s.text, startSecond: s.startSecond, endSecond: s.endSecond }]
              : [],
          ),
          providerMetadata: { polargrid },
        };
        if (language !== undefined) part.language = language;
        if (e.durationInSeconds !== undefined) part.durationInSeconds = e.durationInSeconds;
        return part;
      }
    }
  };
  const stream = partStream<TranscriptionFromAudioEvent, TranscriptionStreamPart>(
    reader,
    { type: 'stream-start', warnings },
    toPart,
    (error) => toAISDKError(error, { path: TRANSCRIPTIONS_PATH, body: requestBody }),
  );
  return { stream, request: { body: requestBody }, response: { timestamp, modelId } };
}
