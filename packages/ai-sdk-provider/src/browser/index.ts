/**
 * `@polargrid/ai-sdk-provider/browser`: voice in a page without audio plumbing. A gapless PCM
 * player, microphone capture, dictation against a transcription route, and the readers of the
 * server helpers' wires. No key, no Node built-ins, no dependencies: the page talks only to your
 * own routes.
 *
 * @packageDocumentation
 */
export { type Dictation, type DictationOptions, startDictation } from './dictation.js';
export { type Microphone, type MicrophoneOptions, startMicrophone } from './microphone.js';
export { type PcmChunk, PcmPlayer, type PcmPlayerOptions, type PlaybackEnd } from './pcm-player.js';
export {
  type DataPartLike,
  type PlaySpeechResponseOptions,
  playSpeechPart,
  playSpeechResponse,
} from './play-speech.js';
export { LinearResampler } from './resampler.js';
export { isVoiceError, VoiceError, type VoiceErrorCode } from './voice-error.js';
export {
  SPEECH_PART_TYPE,
  SPEECH_SAMPLE_RATE,
  type SpeechPartData,
  type TranscriptEvent,
} from '../voice-wire.js';
