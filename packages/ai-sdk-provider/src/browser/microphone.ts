/**
 * Captures the microphone as 16-bit mono PCM at a chosen rate: getUserMedia (echo cancellation on
 * by default, so a page that speaks does not hear itself; noise suppression and gain control off,
 * as speech recognizers prefer), an AudioWorklet that copies the input
 * to the page, and a streaming resampler from the device rate. Standalone: it knows nothing of
 * routes or transcription.
 */
import { CAPTURE_PROCESSOR, CAPTURE_WORKLET } from './capture-worklet.js';
import { float32ToInt16 } from './pcm.js';
import { LinearResampler } from './resampler.js';
import { VoiceError } from './voice-error.js';
import { loadWorklet } from './worklet-module.js';

/** Options of {@link startMicrophone}. */
export interface MicrophoneOptions {
  /** The rate of the chunks handed to `onChunk` (default 24 000 Hz, what PolarGrid transcription reads by default). */
  sampleRate?: number;
  /** Audio per chunk, in ms (default 100). */
  chunkMs?: number;
  /** Receives each chunk of 16-bit samples, with its RMS level (0 to 1) for voice-activity checks. */
  onChunk: (samples: Int16Array, level: number) => void;
  /** Browser echo cancellation (default true: a page that speaks must not transcribe itself). */
  echoCancellation?: boolean;
  /**
   * Browser noise suppression (default false). Speech recognizers do better on the unprocessed
   * signal, and suppression that adapts while the page speaks reshapes what the user says over it.
   */
  noiseSuppression?: boolean;
  /** Browser automatic gain control (default false, for the same reason; turn it on for very quiet microphones). */
  autoGainControl?: boolean;
  /** A specific input device. */
  deviceId?: string;
}

/** A running microphone capture. */
export interface Microphone {
  /** The rate of the chunks. */
  readonly sampleRate: number;
  /** Stops the capture (the last partial chunk is delivered first) and releases the device. */
  stop(): Promise<void>;
}

function rms(samples: Float32Array): number {
  let sum = 0;
  for (const s of samples) sum += s * s;
  return Math.sqrt(sum / Math.max(1, samples.length));
}

/** The rate and chunk length of `options`, checked; throws `invalid-argument`. */
export function checkMicrophoneOptions(options: Omit<MicrophoneOptions, 'onChunk'> = {}): {
  sampleRate: number;
  chunkMs: number;
} {
  const sampleRate = options.sampleRate ?? 24_000;
  const chunkMs = options.chunkMs ?? 100;
  if (!Number.isInteger(sampleRate) || sampleRate < 8_000 || sampleRate > 96_000) {
    throw new VoiceError(
      'invalid-argument',
      `sampleRate must be an integer from 8 000 to 96 000 Hz, not ${sampleRate}.`,
    );
  }
  if (!(chunkMs >= 10 && chunkMs <= 2_000)) {
    throw new VoiceError('invalid-argument', `chunkMs must be from 10 to 2 000, not ${chunkMs}.`);
  }
  return { sampleRate, chunkMs };
}

/**
 * Opens the microphone and streams its PCM to `onChunk`; call it from a user gesture. Rejects
 * with a {@link VoiceError}: `invalid-argument`, `unsupported` (no getUserMedia or AudioWorklet,
 * e.g. an insecure origin) or `microphone` (permission denied, no device).
 */
export async function startMicrophone(options: MicrophoneOptions): Promise<Microphone> {
  const { sampleRate, chunkMs } = checkMicrophoneOptions(options);
  if (typeof navigator === 'undefined' || !navigator.mediaDevices?.getUserMedia) {
    throw new VoiceError(
      'unsupported',
      'This page cannot open a microphone (getUserMedia needs a secure origin).',
    );
  }
  if (typeof AudioWorkletNode === 'undefined') {
    throw new VoiceError(
      'unsupported',
      'This browser has no AudioWorklet (a secure origin is needed).',
    );
  }
  // The context and worklet first: once the device is open, every sample it gives is captured.
  const context = new AudioContext();
  try {
    await loadWorklet(context, CAPTURE_PROCESSOR, CAPTURE_WORKLET);
    await context.resume();
  } catch (error) {
    await context.close().catch(() => {});
    throw new VoiceError('unsupported', 'The capture worklet could not be loaded.', {
      cause: error,
    });
  }
  let media: MediaStream;
  try {
    media = await navigator.mediaDevices.getUserMedia({
      audio: {
        channelCount: 1,
        echoCancellation: options.echoCancellation ?? true,
        noiseSuppression: options.noiseSuppression ?? false,
        autoGainControl: options.autoGainControl ?? false,
        ...(options.deviceId === undefined ? {} : { deviceId: { exact: options.deviceId } }),
      },
    });
  } catch (error) {
    await context.close().catch(() => {});
    const name = error instanceof Error ? error.name : 'Error';
    throw new VoiceError('microphone', `The microphone could not be opened (${name}).`, {
      cause: error,
    });
  }
  const source = context.createMediaStreamSource(media);
  const capture = new AudioWorkletNode(context, CAPTURE_PROCESSOR, { numberOfOutputs: 0 });
  const resampler = new LinearResampler(context.sampleRate, sampleRate);
  const chunkFrames = Math.round((sampleRate * chunkMs) / 1000);
  let pending = new Float32Array(chunkFrames);
  let filled = 0;
  let stopped = false;

  const deliver = () => {
    if (filled === 0) return;
    const samples = pending.subarray(0, filled);
    options.onChunk(float32ToInt16(samples), rms(samples));
    pending = new Float32Array(chunkFrames);
    filled = 0;
  };
  capture.port.onmessage = (event: MessageEvent<Float32Array>) => {
    if (stopped) return;
    const samples = resampler.process(event.data);
    let i = 0;
    while (i < samples.length) {
      const n = Math.min(samples.length - i, chunkFrames - filled);
      pending.set(samples.subarray(i, i + n), filled);
      filled += n;
      i += n;
      if (filled === chunkFrames) deliver();
    }
  };
  source.connect(capture);

  return {
    sampleRate,
    async stop() {
      if (stopped) return;
      stopped = true;
      deliver();
      source.disconnect();
      capture.port.onmessage = null;
      for (const track of media.getTracks()) track.stop();
      await context.close().catch(() => {});
    },
  };
}
