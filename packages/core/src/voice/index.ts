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
export {
  type AudioSegment,
  AudioSegmenter,
  SEGMENTER_DEFAULTS,
  type SegmenterOptions,
} from './audio-segmenter.js';
export type { SegmentingOptions } from './audio-cutter.js';
export {
  type AudioInput,
  streamTranscriptionFromAudio,
  type TranscribedSegment,
  type TranscriptionFromAudioEvent,
  type TranscriptionFromAudioOptions,
} from './transcription-from-audio.js';
export { pcmToWav, type PcmFormat } from './wav.js';
