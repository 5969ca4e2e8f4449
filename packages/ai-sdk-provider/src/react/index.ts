/**
 * `@polargrid/ai-sdk-provider/react`: React hooks over the browser voice helpers
 * (`@polargrid/ai-sdk-provider/browser`). React is an optional peer dependency: only this entry
 * imports it.
 *
 * @packageDocumentation
 */
export { type DictationState, type UseDictationOptions, useDictation } from './use-dictation.js';
export { type SpeechPlayerState, useSpeechPlayer } from './use-speech-player.js';
