/**
 * `@polargrid/core/voice`: the voice pipelines on top of the speech and transcription endpoints.
 * Sentence-by-sentence speech for streamed text ({@link streamSpeechFromText}) and segmented
 * streaming transcription of live audio ({@link streamTranscriptionFromAudio}), with their
 * building blocks (the sentence splitter, the audio segmenter, a PCM-to-WAV wrapper).
 *
 * A separate entry so that apps which only chat neither load nor bundle them: Node compiles the
 * main entry without this code, and a bundler never sees it unless the app imports it.
 *
 * @module
 */
export * from './voice/index.js';
