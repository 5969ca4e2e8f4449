/**
 * Plays 16-bit or float PCM as it arrives: each chunk is resampled from its rate to the audio
 * device's and queued in an AudioWorklet that plays the queue back to back (see
 * `player-worklet.ts`). Standalone: it knows nothing of routes or PolarGrid, so a realtime
 * conversation can feed it too.
 */
import { SPEECH_SAMPLE_RATE } from '../voice-wire.js';
import { int16ToFloat32, Pcm16Reader } from './pcm.js';
import { PLAYER_PROCESSOR, PLAYER_WORKLET } from './player-worklet.js';
import { LinearResampler } from './resampler.js';
import { VoiceError } from './voice-error.js';
import { loadWorklet } from './worklet-module.js';

/** How a playback ended: its audio ran out after `end()`, or `stop()` cut it. */
export interface PlaybackEnd {
  reason: 'finished' | 'stopped';
  /** Frames (at the device rate) that were played. */
  frames: number;
  /** How often the queue ran dry before the end (audio arrived slower than it plays). */
  underruns: number;
}

/** Options of {@link PcmPlayer}. */
export interface PcmPlayerOptions {
  /** The rate of the chunks pushed without one (default 24 000 Hz, PolarGrid speech). */
  sampleRate?: number;
  /** An audio context to play in; the player creates one at the device's rate otherwise (and closes it in `close()`). */
  audioContext?: AudioContext;
  /** Where the audio goes (default: the context's destination). */
  destination?: AudioNode;
  /** The first sample of a playback reached the device. */
  onStart?: () => void;
  /** A playback ended. */
  onEnd?: (end: PlaybackEnd) => void;
}

/** A chunk of mono PCM: 16-bit samples, float samples, or 16-bit little-endian bytes. */
export type PcmChunk = Int16Array | Float32Array | Uint8Array;

function checkRate(rate: number, what: string): void {
  if (!Number.isFinite(rate) || rate < 3_000 || rate > 384_000) {
    throw new VoiceError(
      'invalid-argument',
      `${what} must be between 3 000 and 384 000 Hz, not ${rate}.`,
    );
  }
}

/**
 * A gapless PCM player for the browser.
 *
 * Call {@link PcmPlayer.resume} from a click (browsers start audio only after a user gesture),
 * {@link PcmPlayer.push} chunks as they arrive, {@link PcmPlayer.end} after the last one;
 * {@link PcmPlayer.stop} silences it at once (barge-in) and mutes it: chunks pushed after
 * `stop()` (the rest of an answer still streaming in) are dropped until the next `resume()`, which
 * starts a new playback. An ended player plays again from the next `push`.
 */
export class PcmPlayer {
  readonly #options: PcmPlayerOptions;
  readonly #sampleRate: number;
  #context: AudioContext | undefined;
  #node: Promise<AudioWorkletNode> | undefined;
  #resampler: LinearResampler | undefined;
  #bytes = new Pcm16Reader();
  #playing = false;
  #muted = false;
  #closed = false;

  constructor(options: PcmPlayerOptions = {}) {
    this.#sampleRate = options.sampleRate ?? SPEECH_SAMPLE_RATE;
    checkRate(this.#sampleRate, 'sampleRate');
    this.#options = options;
  }

  /** True from the first sample played to the end of the playback. */
  get playing(): boolean {
    return this.#playing;
  }

  /** Creates (or resumes) the audio context and loads the worklet, and unmutes a stopped player; call it from a user gesture. */
  async resume(): Promise<void> {
    this.#muted = false;
    const node = this.#ensureNode();
    await this.#context?.resume();
    await node;
  }

  /** Queues a chunk at `sampleRate` (default: the player's); it plays right after the one before. */
  push(chunk: PcmChunk, sampleRate: number = this.#sampleRate): void {
    if (this.#closed) throw new VoiceError('invalid-argument', 'The player is closed.');
    checkRate(sampleRate, 'A chunk sample rate');
    if (this.#muted) return;
    const samples =
      chunk instanceof Float32Array
        ? chunk
        : int16ToFloat32(chunk instanceof Int16Array ? chunk : this.#bytes.read(chunk));
    if (samples.length === 0) return;
    void this.#ensureNode().then(
      (node) => {
        const context = node.context;
        if (this.#resampler?.fromRate !== sampleRate) {
          this.#resampler = new LinearResampler(sampleRate, context.sampleRate);
        }
        const out = this.#resampler.process(samples);
        node.port.postMessage({ type: 'chunk', samples: out }, [out.buffer]);
      },
      () => {},
    );
  }

  /** No more chunks for this playback: `onEnd` follows once the queue has played. */
  end(): void {
    if (this.#muted) return;
    this.#bytes = new Pcm16Reader();
    void this.#node?.then(
      (node) => node.port.postMessage({ type: 'end' }),
      () => {},
    );
  }

  /** Stops at once: what is queued is dropped, later chunks too until `resume()`; `onEnd` reports `stopped` if something was playing. */
  stop(): void {
    this.#muted = true;
    this.#bytes = new Pcm16Reader();
    this.#resampler = undefined;
    void this.#node?.then(
      (node) => node.port.postMessage({ type: 'stop' }),
      () => {},
    );
  }

  /** Stops and releases the audio context (when the player created it). */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.stop();
    this.#closed = true;
    const node = await this.#node?.catch(() => undefined);
    node?.disconnect();
    if (this.#options.audioContext === undefined) await this.#context?.close().catch(() => {});
  }

  #ensureNode(): Promise<AudioWorkletNode> {
    if (this.#node !== undefined) return this.#node;
    if (typeof AudioWorkletNode === 'undefined') {
      this.#node = Promise.reject(
        new VoiceError(
          'unsupported',
          'This browser has no AudioWorklet (a secure origin is needed).',
        ),
      );
      return this.#node;
    }
    const context = this.#options.audioContext ?? new AudioContext();
    this.#context = context;
    this.#node = loadWorklet(context, PLAYER_PROCESSOR, PLAYER_WORKLET).then(() => {
      const node = new AudioWorkletNode(context, PLAYER_PROCESSOR, {
        numberOfInputs: 0,
        outputChannelCount: [context.destination.channelCount >= 2 ? 2 : 1],
      });
      node.port.onmessage = (event: MessageEvent<{ type: string } & PlaybackEnd>) => {
        if (event.data.type === 'started') {
          this.#playing = true;
          this.#options.onStart?.();
        } else if (event.data.type === 'ended') {
          this.#playing = false;
          const { reason, frames, underruns } = event.data;
          this.#options.onEnd?.({ reason, frames, underruns });
        }
      };
      node.connect(this.#options.destination ?? context.destination);
      return node;
    });
    return this.#node;
  }
}
