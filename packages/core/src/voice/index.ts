export {
  DEFAULT_MAX_SENTENCE_CHARS,
  SentenceSplitter,
  splitSentences,
} from './sentence-splitter.js';
export {
  type SentenceTiming,
  type SpeechFromTextEvent,
  type SpeechFromTextOptions,
  type SpeechFromTextUsage,
  type StreamingSpeechFormat,
  streamSpeechFromText,
} from './speech-from-text.js';
export type {
  SpeechPartSettings,
  SpeechTextInput,
  SpeechTextPart,
} from './text-input.js';
