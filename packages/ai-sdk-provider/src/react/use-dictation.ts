import { useCallback, useEffect, useRef, useState } from 'react';
import { type Dictation, type DictationOptions, startDictation } from '../browser/dictation.js';
import { VoiceError } from '../browser/voice-error.js';

/** Options of {@link useDictation}: those of `startDictation`, plus what to do with the result. */
export interface UseDictationOptions extends Omit<DictationOptions, 'onTranscript' | 'signal'> {
  /** The whole transcript, once the recording ended and the route finished it. */
  onDone?: (text: string) => void;
}

/** What {@link useDictation} returns. */
export interface DictationState {
  /** True while the microphone records. */
  listening: boolean;
  /** True from `start()` until the transcript is done (or failed). */
  active: boolean;
  /** The transcript so far (grows while the user speaks). */
  transcript: string;
  /** Why the last dictation failed. */
  error: VoiceError | undefined;
  /** Starts a dictation; call it from a click (the microphone needs a user gesture). */
  start(): Promise<void>;
  /** Ends the recording; `onDone` follows with the transcript. */
  stop(): Promise<void>;
  /** Abandons the dictation (no `onDone`). */
  cancel(): void;
}

function asVoiceError(error: unknown): VoiceError {
  return error instanceof VoiceError
    ? error
    : new VoiceError('cut', String(error), { cause: error });
}

/**
 * Dictation for a React component: the microphone streamed to a transcription route, its
 * transcript in state while the user speaks.
 *
 * ```tsx
 * const dictation = useDictation({ url: '/api/transcribe', onDone: (text) => sendMessage({ text }) });
 * <button onClick={dictation.listening ? dictation.stop : dictation.start}>Mic</button>
 * ```
 */
export function useDictation(options: UseDictationOptions): DictationState {
  const [listening, setListening] = useState(false);
  const [active, setActive] = useState(false);
  const [transcript, setTranscript] = useState('');
  const [error, setError] = useState<VoiceError | undefined>();
  const latest = useRef(options);
  latest.current = options;
  const current = useRef<{ dictation?: Dictation; abort: AbortController } | undefined>(undefined);

  const cancel = useCallback(() => {
    current.current?.abort.abort();
    current.current = undefined;
    setListening(false);
    setActive(false);
  }, []);
  useEffect(() => cancel, [cancel]);

  const start = useCallback(async () => {
    if (current.current !== undefined) return;
    const abort = new AbortController();
    const run: { dictation?: Dictation; abort: AbortController } = { abort };
    current.current = run;
    setError(undefined);
    setTranscript('');
    setActive(true);
    setListening(true);
    const { onDone, ...dictationOptions } = latest.current;
    try {
      const dictation = await startDictation({
        ...dictationOptions,
        onSpeechStart: () => latest.current.onSpeechStart?.(),
        onRecordingEnd: () => {
          if (current.current === run) setListening(false);
          latest.current.onRecordingEnd?.();
        },
        onTranscript: (text) => {
          if (current.current === run) setTranscript(text);
        },
        signal: abort.signal,
      });
      run.dictation = dictation;
      const text = await dictation.done;
      if (current.current !== run) return;
      current.current = undefined;
      setListening(false);
      setActive(false);
      latest.current.onDone?.(text);
    } catch (e) {
      if (current.current !== run) return;
      current.current = undefined;
      setListening(false);
      setActive(false);
      if (!abort.signal.aborted) setError(asVoiceError(e));
    }
  }, []);

  const stop = useCallback(async () => {
    setListening(false);
    await current.current?.dictation?.stop();
  }, []);

  return { listening, active, transcript, error, start, stop, cancel };
}
