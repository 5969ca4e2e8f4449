/**
 * The text a speech pipeline reads: a whole string, an array (or any iterable), an async iterable
 * (an async generator, `streamText(...).textStream`) or a `ReadableStream` of text deltas, each a
 * plain string or a part with its own speech settings.
 */

/** Settings a text part may change for the sentences it starts. */
export interface SpeechPartSettings {
  /** The voice for this part (kokoro voice id, or tada's `default` / reference clip). */
  voice?: string | undefined;
  /** 0.25–4.0. */
  speed?: number | undefined;
  /** tada-3b-ml only: the language of the text. */
  language?: string | undefined;
  /** tada-3b-ml only: the exact words of the reference clip when `voice` is a URL or base64 WAV. */
  voiceTranscript?: string | undefined;
}

/** One piece of streamed text with optional settings of its own. */
export interface SpeechTextPart extends SpeechPartSettings {
  text: string;
}

/** Everything {@link streamSpeechFromText} accepts as text. */
export type SpeechTextInput =
  | string
  | Iterable<string | SpeechTextPart>
  | AsyncIterable<string | SpeechTextPart>
  | ReadableStream<string | SpeechTextPart>;
