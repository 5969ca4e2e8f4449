import type { ChatCompletionRequest } from '../types/chat-types.js';
import type {
  CompletionRequest,
  EmbeddingsRequest,
  SpeechRequest,
  TranscriptionParams,
} from '../types/other-types.js';
import { chatModelData } from '../catalog/chat-models.js';
import { getModelCapabilities } from '../catalog/models.js';
import { invalid } from '../errors/builders.js';
import { checkJSONBody } from './check-json.js';
import { withModelOutputLimit } from './output-limit.js';
import { checkPromptLength } from './prompt-length.js';

/** A value for a message: numbers as written (`NaN`, `Infinity`), anything else as JSON. */
function shown(value: unknown): string {
  return typeof value === 'number' || typeof value === 'bigint'
    ? String(value)
    : (JSON.stringify(value) ?? String(value));
}

/** A numeric parameter's range: name, minimum, maximum, integer-only. */
type Range = [name: string, min: number, max: number, integer?: boolean];

function checkRange(body: object, ...[name, min, max, integer]: Range): void {
  const value = (body as Record<string, unknown>)[name];
  if (value === undefined || value === null) return;
  if (
    typeof value !== 'number' ||
    !Number.isFinite(value) ||
    value < min ||
    value > max ||
    (integer && !Number.isInteger(value))
  ) {
    throw invalid(
      `${name} must be ${integer ? 'an integer' : 'a number'} from ${min} to ${max} (got ${shown(value)}).`,
      name,
    );
  }
}

/**
 * A model id must be a non-empty string, and not one the catalogue lists as retired: no edge
 * serves those, and the edge's 404 would send the caller looking for another region.
 */
function checkModel(model: unknown): void {
  if (typeof model !== 'string' || model.trim() === '')
    throw invalid('model must be a non-empty string.', 'model');
  const data = chatModelData(model);
  if (data?.retired) {
    const since = data.retiredOn ? ` on ${data.retiredOn}` : '';
    const instead = data.replacement ? `; use "${data.replacement}" instead` : '';
    throw invalid(
      `Model "${model}" was retired${since} and no PolarGrid edge serves it${instead}.`,
      'model',
      {
        code: 'model_retired',
        details: { retiredOn: data.retiredOn, replacement: data.replacement },
      },
    );
  }
}

/** Sampling ranges shared by chat and completions (from PolarGrid's chat reference). */
const SAMPLING: readonly Range[] = [
  ['max_tokens', 1, 4096, true],
  ['temperature', 0, 2],
  ['top_p', 0, 1],
  ['top_k', 0, Number.MAX_SAFE_INTEGER, true],
  ['frequency_penalty', -2, 2],
  ['presence_penalty', -2, 2],
];

/**
 * More than one choice is refused: every surface reads choice 0 as the answer, and the text of
 * other choices would otherwise have to be dropped or mixed into it. One choice per request
 * is what PolarGrid documents; ask several times for several answers.
 */
function checkSingleChoice(body: object): void {
  const { n } = body as { n?: unknown };
  if (n === undefined || n === null || n === 1) return;
  throw invalid(
    `n must be 1 (got ${shown(n)}): PolarGrid answers with one choice; send several requests for several answers.`,
    'n',
  );
}

/**
 * The part chat and completions share: sampling ranges, a single choice, `stop` as an array of
 * at most 4 (a single string becomes a one-element array), and the stream flags (streams always
 * ask for usage, D6). Returns a copy; the caller's object is not touched.
 */
function generation<T extends ChatCompletionRequest | CompletionRequest>(
  body: T,
  stream: boolean,
): T {
  for (const range of SAMPLING) checkRange(body, ...range);
  checkSingleChoice(body);
  // A copy without the caller's stream flags: a stream sets its own.
  const { stream: _callerStream, stream_options, ...rest } = body;
  const out = rest as T;
  const { stop } = body;
  if (stop !== undefined && stop !== null) {
    const list: unknown = typeof stop === 'string' ? [stop] : stop;
    if (!Array.isArray(list) || list.length > 4 || list.some((s) => typeof s !== 'string'))
      throw invalid('stop must be a string or an array of at most 4 strings.', 'stop');
    out.stop = list;
  }
  if (stream) {
    out.stream = true;
    out.stream_options = { ...stream_options, include_usage: true };
  }
  checkJSONBody(out);
  return out;
}

/** Whether any message carries an `image_url` part. */
function hasImages(messages: readonly unknown[]): boolean {
  return messages.some((message) => {
    const { content } = (message ?? {}) as { content?: unknown };
    return (
      Array.isArray(content) &&
      content.some((part) => (part as { type?: unknown } | null)?.type === 'image_url')
    );
  });
}

/**
 * What the catalogue says the model cannot take: tools (the edge would ignore them silently,
 * D2) and images. Models the catalogue does not know are left to the edge.
 */
function checkCapabilities(body: ChatCompletionRequest): void {
  const data = chatModelData(body.model);
  if (data === undefined) return;
  if (Array.isArray(body.tools) && body.tools.length > 0 && !data.tools) {
    throw invalid(
      `Model "${body.model}" does not support tool calling (PolarGrid capability data); the edge would ignore the tools.`,
      'tools',
      { code: 'tools_not_supported' },
    );
  }
  if (!data.vision && hasImages(body.messages)) {
    throw invalid(
      `Model "${body.model}" does not accept images (PolarGrid capability data); send text only.`,
      'messages',
      { code: 'images_not_supported' },
    );
  }
}

/**
 * Validates a chat request and returns the wire body. Every field the caller set is kept as-is,
 * including 0 and false (D5); the one default is `max_tokens`, the model's own output limit
 * from the catalogue when the caller set none (see output-limit.ts).
 */
export function prepareChat(body: ChatCompletionRequest, stream: boolean): ChatCompletionRequest {
  checkModel(body.model);
  if (!Array.isArray(body.messages) || body.messages.length === 0)
    throw invalid('messages must be a non-empty array.', 'messages');
  checkCapabilities(body);
  checkPromptLength(body.model, chatModelData(body.model)?.contextWindow, body.messages);
  return generation(withModelOutputLimit(body), stream);
}

/** Validates a text completion request and returns the wire body, as {@link prepareChat} does. */
export function prepareCompletion(body: CompletionRequest, stream: boolean): CompletionRequest {
  checkModel(body.model);
  const prompt = body.prompt;
  const emptyPrompt = Array.isArray(prompt) ? prompt.length === 0 : typeof prompt !== 'string';
  if (emptyPrompt)
    throw invalid('prompt must be a string or a non-empty array of strings.', 'prompt');
  return generation(withModelOutputLimit(body), stream);
}

export function prepareEmbeddings(body: EmbeddingsRequest): EmbeddingsRequest {
  checkModel(body.model);
  const input = body.input;
  const bad = Array.isArray(input)
    ? input.length === 0 || input.some((s) => typeof s !== 'string')
    : typeof input !== 'string';
  if (bad) throw invalid('input must be a string or a non-empty array of strings.', 'input');
  const out: EmbeddingsRequest = { ...body, encoding_format: 'float' };
  checkJSONBody(out);
  return out;
}

const BATCH_FORMATS = ['pcm', 'wav', 'mp3'];
const STREAM_FORMATS = ['pcm', 'opus'];

export function prepareSpeech(body: SpeechRequest, stream: boolean): SpeechRequest {
  checkModel(body.model);
  if (typeof body.input !== 'string' || body.input.trim() === '')
    throw invalid('input must be non-empty text.', 'input');
  if (typeof body.voice !== 'string' || body.voice.trim() === '')
    throw invalid('voice must be a non-empty string.', 'voice');
  // A model with preset voices answers an unknown one with a 502 that reads like an outage.
  const voices = getModelCapabilities(body.model)?.voices;
  if (voices !== undefined && !voices.includes(body.voice))
    throw invalid(
      `voice ${JSON.stringify(body.voice)} is not a voice of ${body.model}; its voices are ${voices.join(', ')}.`,
      'voice',
    );
  checkRange(body, 'speed', 0.25, 4);
  const allowed = stream ? STREAM_FORMATS : BATCH_FORMATS;
  if (!allowed.includes(body.response_format)) {
    throw invalid(
      `response_format must be one of ${allowed.join(', ')} for ${stream ? 'streamed' : 'whole-clip'} speech (got ${JSON.stringify(body.response_format)}).`,
      'response_format',
    );
  }
  const out: SpeechRequest = { ...body };
  if (stream) out.stream = true;
  else delete out.stream;
  checkJSONBody(out);
  return out;
}

/**
 * Whether a Blob's media type can be audio. An empty type (a bare `new Blob([bytes])`) is let
 * through: only a type that is clearly something else (a PDF, an image, text) is refused.
 */
function isAudioType(type: string): boolean {
  if (type === '') return true;
  const base = type.split(';')[0]?.trim().toLowerCase() ?? '';
  return (
    base.startsWith('audio/') ||
    base === 'video/webm' ||
    base === 'video/ogg' ||
    base === 'video/mp4' ||
    base === 'application/ogg' ||
    base === 'application/octet-stream'
  );
}

/** Leading bytes of files that are never audio, whatever their Blob type claims. */
const NOT_AUDIO: ReadonlyArray<[kind: string, magic: readonly number[]]> = [
  ['a PDF document', [0x25, 0x50, 0x44, 0x46]], // %PDF
  ['a PNG image', [0x89, 0x50, 0x4e, 0x47]],
  ['a JPEG image', [0xff, 0xd8, 0xff]],
  ['a GIF image', [0x47, 0x49, 0x46, 0x38]], // GIF8
  ['a ZIP archive (or Office document)', [0x50, 0x4b, 0x03, 0x04]], // PK
];

/**
 * Refuses a file whose first bytes say it is a document, image or archive: frameworks that
 * label unknown bytes `audio/wav` (as `ai`'s `transcribe` does) would otherwise upload a PDF.
 * Only known non-audio signatures are refused; anything else is left to the edge.
 */
export async function checkAudioBytes(file: Blob): Promise<void> {
  const head = new Uint8Array(await file.slice(0, 8).arrayBuffer());
  for (const [kind, magic] of NOT_AUDIO) {
    if (magic.every((byte, i) => head[i] === byte))
      throw invalid(
        `file looks like ${kind}, not audio; PolarGrid transcribes MP3, WAV, M4A, OGG, FLAC and WebM audio.`,
        'file',
      );
  }
}

export function checkTranscription(
  file: unknown,
  params: TranscriptionParams & { stream?: unknown; sync?: unknown },
): void {
  checkModel(params?.model);
  if (typeof Blob === 'undefined' || !(file instanceof Blob))
    throw invalid('file must be a Blob or File (wrap buffers with new Blob([bytes])).', 'file');
  if (file.size === 0) throw invalid('file is empty.', 'file');
  if (!isAudioType(file.type))
    throw invalid(
      `file has media type ${file.type}; PolarGrid transcribes MP3, WAV, M4A, OGG, FLAC and WebM audio.`,
      'file',
    );
  if (params.stream && params.sync)
    throw invalid('stream and sync cannot be used together.', 'stream');
  checkRange(params, 'temperature', 0, 1);
}
