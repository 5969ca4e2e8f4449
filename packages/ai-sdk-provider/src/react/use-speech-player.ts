import { useCallback, useEffect, useRef, useState } from 'react';
import { PcmPlayer, type PcmPlayerOptions, type PlaybackEnd } from '../browser/pcm-player.js';
import { type DataPartLike, playSpeechPart } from '../browser/play-speech.js';
import { VoiceError } from '../browser/voice-error.js';

/** What {@link useSpeechPlayer} returns. */
export interface SpeechPlayerState {
  /** The player (one per component, closed on unmount). */
  player: PcmPlayer;
  /** True while audio plays. */
  playing: boolean;
  /** How the last playback ended. */
  lastEnd: PlaybackEnd | undefined;
  /** The last failure (a malformed or failed `data-speech` part); cleared by the next `resume()`. */
  error: VoiceError | undefined;
  /** Unlocks audio: call it from a click before the first answer. */
  resume(): Promise<void>;
  /** Stops at once (barge-in, a new question, the stop button). */
  stop(): void;
  /** Pass `useChat`'s `onData` parts: plays `data-speech` parts, ignores the rest. */
  onData(part: DataPartLike): void;
}

/**
 * A {@link PcmPlayer} for a React component (its options are read once, when the player is made;
 * `onStart` and `onEnd` are always the latest), fed from `useChat`'s `onData`:
 *
 * ```tsx
 * const speech = useSpeechPlayer();
 * const chat = useChat({ onData: speech.onData });
 * ```
 */
export function useSpeechPlayer(options: PcmPlayerOptions = {}): SpeechPlayerState {
  const [playing, setPlaying] = useState(false);
  const [lastEnd, setLastEnd] = useState<PlaybackEnd | undefined>();
  const [error, setError] = useState<VoiceError | undefined>();
  const callbacks = useRef(options);
  callbacks.current = options;
  const ref = useRef<PcmPlayer | undefined>(undefined);
  if (ref.current === undefined) {
    ref.current = new PcmPlayer({
      ...options,
      onStart: () => {
        setPlaying(true);
        callbacks.current.onStart?.();
      },
      onEnd: (end) => {
        setPlaying(false);
        setLastEnd(end);
        callbacks.current.onEnd?.(end);
      },
    });
  }
  const player = ref.current;
  useEffect(() => () => void player.close(), [player]);

  const resume = useCallback(async () => {
    setError(undefined);
    await player.resume();
  }, [player]);
  const stop = useCallback(() => player.stop(), [player]);
  const onData = useCallback(
    (part: DataPartLike) => {
      try {
        playSpeechPart(part, player);
      } catch (e) {
        setError(
          e instanceof VoiceError ? e : new VoiceError('bad-response', String(e), { cause: e }),
        );
      }
    },
    [player],
  );
  return { player, playing, lastEnd, error, resume, stop, onData };
}
