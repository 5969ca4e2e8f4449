/**
 * The streaming side of the speech model (`experimental_streamSpeech`): a mapping of the core's
 * sentence pipeline ({@link streamSpeechFromText}) to speech stream parts. The core cuts the text
 * at sentence boundaries and keeps the next sentence's request in flight; this file only turns
 * AI SDK text parts into core parts and core events into AI SDK parts.
 */
import type {
  Experimental_SpeechModelV4StreamOptions as SpeechStreamOptions,
  Experimental_SpeechModelV4StreamPart as SpeechStreamPart,
  Experimental_SpeechModelV4StreamResult as SpeechStreamResult,
  Experimental_SpeechModelV4StreamTextPart as SpeechStreamTextPart,
  JSONObject,
  SharedV4AudioFormat,
  SharedV4Warning,
} from '@ai-sdk/provider';
import {
  type SentenceTiming,
  type SpeechFromTextEvent,
  type SpeechTextPart,
  type StreamingSpeechFormat,
  streamSpeechFromText,
} from '@polargrid/core/voice';
import { parsePolarGridProviderOptions } from '../shared/parse-provider-options.js';
import type { PolarGridModelConfig } from '../polargrid-config.js';
import { toAISDKError } from '../polargrid-error.js';
import { partStream } from '../shared/part-stream.js';
import { coreRequestOptions } from '../request-headers.js';
import { buildProviderMetadata } from '../shared/provider-metadata.js';
import { polargridSpeechOptionsSchema } from './polargrid-speech-options.js';
import { checkVoice, resolveSpeechSettings } from './speech-settings.js';

const SPEECH_PATH = '/v1/audio/speech';
/** PolarGrid speech is 24 kHz, 16-bit, mono. */
const PCM_RATE = 24_000;

const AUDIO_FORMATS: Readonly<Record<StreamingSpeechFormat, SharedV4AudioFormat>> = {
  pcm: { type: 'audio/pcm', rate: PCM_RATE },
  opus: { type: 'audio/opus' },
};

/** The streaming format for an AI SDK `outputFormat`: pcm (default) or opus; anything else is pcm with a warning. */
function streamingFormat(
  requested: SharedV4AudioFormat | undefined,
  warnings: SharedV4Warning[],
): StreamingSpeechFormat {
  if (requested === undefined) return 'pcm';
  const type = requested.type.toLowerCase().replace(/^audio\//, '');
  if (type === 'pcm' || type === 'l16') {
    if (requested.rate !== undefined && requested.rate !== PCM_RATE) {
      warnings.push({
        type: 'unsupported',
        feature: 'outputFormat',
        details: `PolarGrid streams PCM at ${PCM_RATE} Hz only; ${requested.rate} Hz was not honoured.`,
      });
    }
    return 'pcm';
  }
  if (type === 'opus' || type === 'ogg') return 'opus';
  warnings.push({
    type: 'unsupported',
    feature: 'outputFormat',
    details: `PolarGrid streams speech as pcm or opus; "${requested.type}" was replaced by 24 kHz PCM.`,
  });
  return 'pcm';
}

/** A core text part for an AI SDK one: its own voice (checked) and `voiceTranscript`, if any. */
async function corePart(modelId: string, part: SpeechStreamTextPart): Promise<SpeechTextPart> {
  const out: SpeechTextPart = { text: part.text };
  if (part.voice !== undefined && part.voice !== '') {
    checkVoice(modelId, part.voice, 'text[].voice');
    out.voice = part.voice;
  }
  const polargrid = parsePolarGridProviderOptions(
    part.providerOptions,
    polargridSpeechOptionsSchema,
  );
  if (polargrid?.voiceTranscript !== undefined) out.voiceTranscript = polargrid.voiceTranscript;
  return out;
}

function timingJSON(index: number, region: string, timing: SentenceTiming): JSONObject {
  const out: JSONObject = { index, region, requestedAtMs: Math.round(timing.requestedAtMs) };
  if (timing.firstAudioAtMs !== undefined) out.firstAudioAtMs = Math.round(timing.firstAudioAtMs);
  if (timing.serverFirstByteMs !== undefined) out.serverFirstByteMs = timing.serverFirstByteMs;
  return out;
}

/** Runs `experimental_streamSpeech` for one model; see {@link streamSpeechFromText}. */
export async function doStreamSpeech(
  modelId: string,
  config: PolarGridModelConfig,
  options: SpeechStreamOptions,
): Promise<SpeechStreamResult> {
  const warnings: SharedV4Warning[] = [];
  let events: ReadableStream<SpeechFromTextEvent>;
  /** What every sentence's request shares (each adds its own `input`). */
  let requestBody: JSONObject = { model: modelId };
  try {
    const polargrid = parsePolarGridProviderOptions(
      options.providerOptions,
      polargridSpeechOptionsSchema,
    );
    const settings = resolveSpeechSettings(modelId, options, warnings);
    const format = streamingFormat(options.outputFormat, warnings);
    const text = options.text.pipeThrough(
      new TransformStream<SpeechStreamTextPart, SpeechTextPart>({
        async transform(part, controller) {
          controller.enqueue(await corePart(modelId, part));
        },
      }),
    );
    const request = coreRequestOptions(options);
    const voiceTranscript = polargrid?.voiceTranscript;
    requestBody = { model: modelId, voice: settings.voice, response_format: format, stream: true };
    if (settings.speed !== undefined) requestBody.speed = settings.speed;
    if (settings.language !== undefined) requestBody.language = settings.language;
    events = streamSpeechFromText(config.client(), text, {
      ...settings,
      ...(voiceTranscript !== undefined ? { voiceTranscript } : {}),
      model: modelId,
      format,
      signal: request.signal,
      headers: request.headers,
    });
  } catch (error) {
    // The text stream is ours once doStream is called: release it on every failed setup.
    await options.text.cancel(error).catch(() => {});
    throw toAISDKError(error, { path: SPEECH_PATH, body: requestBody });
  }

  const timestamp = config.currentDate?.() ?? new Date();
  const reader = events.getReader();
  let firstMeta: Parameters<typeof buildProviderMetadata>[0];
  const sentences: JSONObject[] = [];
  let audioFormat: SharedV4AudioFormat = AUDIO_FORMATS.pcm;

  /** The AI SDK part for a core event; undefined for events that only feed the finish part. */
  const toPart = (e: SpeechFromTextEvent): SpeechStreamPart | undefined => {
    switch (e.type) {
      case 'sentence-start':
        audioFormat = AUDIO_FORMATS[e.request.response_format as StreamingSpeechFormat];
        if (firstMeta !== undefined) return undefined;
        firstMeta = e.meta;
        return { type: 'response-metadata', timestamp, modelId, headers: e.meta.headers };
      case 'audio':
        return { type: 'audio', id: String(e.index), audio: e.audio, audioFormat };
      case 'sentence-end':
        sentences.push(timingJSON(e.index, e.meta.region, e.timing));
        return undefined;
      case 'sentence-error':
        // Non-fatal: this sentence is lost, the ones after it still come, in order.
        return { type: 'error', error: toAISDKError(e.error, { path: SPEECH_PATH, body: e.text }) };
      case 'finish': {
        const polargrid: JSONObject = { ...buildProviderMetadata(firstMeta).polargrid, sentences };
        if (e.firstAudioAtMs !== undefined) polargrid.firstAudioMs = Math.round(e.firstAudioAtMs);
        return {
          type: 'finish',
          usage: {
            inputCharacters: e.usage.characters,
            raw: {
              sentences: e.usage.sentences,
              failedSentences: e.usage.failedSentences,
              audioBytes: e.usage.audioBytes,
            },
          },
          providerMetadata: { polargrid },
        };
      }
    }
  };

  const stream = partStream<SpeechFromTextEvent, SpeechStreamPart>(
    reader,
    { type: 'stream-start', warnings },
    toPart,
    (error) => toAISDKError(error, { path: SPEECH_PATH, body: requestBody }),
  );
  return { stream, request: { body: requestBody }, response: { timestamp, modelId } };
}
