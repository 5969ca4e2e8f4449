/**
 * Cuts live 16-bit PCM into segments that can be transcribed one by one while the speaker goes on.
 *
 * The rule: the audio is measured in 10 ms frames; a frame whose RMS level is below
 * `silenceThreshold` (a fraction of full scale) is silent. A segment ends
 * - at a pause: once `minSilenceMs` of silence follows speech and the segment is at least
 *   `minSegmentMs` long (a short pause inside a phrase does not cut it), or
 * - at `maxSegmentMs`, whatever the audio (a speaker who never pauses still gets transcripts).
 * A segment that is silence only is dropped: it is never sent (recognisers invent words in
 * silence). So a segment's transcript can start about `minSilenceMs` after the speaker pauses.
 *
 * Every option is checked (a `RangeError` names the bad one) and the work is linear: each byte
 * is copied once into its frame and once into its segment, whatever the push sizes. A segment
 * never holds more than {@link MAX_SEGMENT_BYTES} (a shorter `maxSegmentMs` applies at high
 * rates and channel counts).
 */
import { pcmFormatProblem } from './wav.js';

export interface SegmenterOptions {
  sampleRate: number;
  /** Interleaved channels; silence is measured over all of them. Default 1. */
  channels?: number | undefined;
  /** Pause that ends a segment, in milliseconds. Default 300. */
  minSilenceMs?: number | undefined;
  /** Shortest segment a pause may end, in milliseconds. Default 1 000. */
  minSegmentMs?: number | undefined;
  /** Longest segment, in milliseconds. Default 15 000. */
  maxSegmentMs?: number | undefined;
  /** RMS level below which a frame is silent, as a fraction of full scale. Default 0.01 (−40 dBFS). */
  silenceThreshold?: number | undefined;
}

/** A cut piece of audio: its PCM bytes and where it sits in the whole input. */
export interface AudioSegment {
  pcm: Uint8Array;
  startSecond: number;
  endSecond: number;
}

export const SEGMENTER_DEFAULTS = {
  minSilenceMs: 300,
  minSegmentMs: 1_000,
  maxSegmentMs: 15_000,
  silenceThreshold: 0.01,
} as const;

const FRAME_MS = 10;
/** The most PCM one segment holds (25 MiB, a common upload cap). */
export const MAX_SEGMENT_BYTES = 25 * 1024 * 1024;

/** A duration option in ms: finite, within `[min, max]`. */
function checkMs(name: string, value: number | undefined, min: number, max: number): void {
  if (value === undefined) return;
  if (!(typeof value === 'number' && value >= min && value <= max))
    throw new RangeError(
      `${name} must be a number of ms from ${min} to ${max} (got ${String(value)}).`,
    );
}

export class AudioSegmenter {
  readonly #frameBytes: number;
  readonly #bytesPerSecond: number;
  readonly #minSilenceFrames: number;
  readonly #minSegmentFrames: number;
  readonly #maxSegmentFrames: number;
  readonly #threshold: number;
  /** The frame being filled, and how many of its bytes are in. */
  #frame: Uint8Array;
  #filled = 0;
  /** Whole frames of the segment in progress. */
  #frames: Uint8Array[] = [];
  #heardSpeech = false;
  #silentFrames = 0;
  /** Bytes of input before the segment in progress. */
  #segmentStartByte = 0;

  constructor(options: SegmenterOptions) {
    const channels = options.channels ?? 1;
    const problem = pcmFormatProblem({ sampleRate: options.sampleRate, channels });
    if (problem) throw new RangeError(problem.message);
    checkMs('minSilenceMs', options.minSilenceMs, 10, 60_000);
    checkMs('minSegmentMs', options.minSegmentMs, 0, 600_000);
    checkMs('maxSegmentMs', options.maxSegmentMs, 100, 600_000);
    const threshold = options.silenceThreshold;
    if (
      threshold !== undefined &&
      !(typeof threshold === 'number' && threshold >= 0 && threshold <= 1)
    )
      throw new RangeError(
        `silenceThreshold must be a number from 0 to 1 (got ${String(threshold)}).`,
      );
    this.#bytesPerSecond = options.sampleRate * channels * 2;
    // Whole samples per frame, so a frame never splits a sample.
    this.#frameBytes = Math.round((options.sampleRate * FRAME_MS) / 1000) * channels * 2;
    this.#frame = new Uint8Array(this.#frameBytes);
    const frames = (ms: number) => Math.max(1, Math.round(ms / FRAME_MS));
    this.#minSilenceFrames = frames(options.minSilenceMs ?? SEGMENTER_DEFAULTS.minSilenceMs);
    this.#minSegmentFrames = frames(options.minSegmentMs ?? SEGMENTER_DEFAULTS.minSegmentMs);
    this.#maxSegmentFrames = Math.min(
      frames(options.maxSegmentMs ?? SEGMENTER_DEFAULTS.maxSegmentMs),
      Math.floor(MAX_SEGMENT_BYTES / this.#frameBytes),
    );
    this.#threshold = (threshold ?? SEGMENTER_DEFAULTS.silenceThreshold) * 32_768;
  }

  /** Adds PCM bytes (any length); returns the segments they completed. */
  push(bytes: Uint8Array): AudioSegment[] {
    const segments: AudioSegment[] = [];
    const size = this.#frameBytes;
    let at = 0;
    while (at < bytes.byteLength) {
      let frame: Uint8Array;
      if (this.#filled === 0 && bytes.byteLength - at >= size) {
        frame = bytes.slice(at, at + size);
        at += size;
      } else {
        const take = Math.min(size - this.#filled, bytes.byteLength - at);
        this.#frame.set(bytes.subarray(at, at + take), this.#filled);
        this.#filled += take;
        at += take;
        if (this.#filled < size) break;
        frame = this.#frame;
        this.#frame = new Uint8Array(size);
        this.#filled = 0;
      }
      const segment = this.#addFrame(frame);
      if (segment) segments.push(segment);
    }
    return segments;
  }

  /** The end of the input: the segment in progress, unless it is silence only. */
  flush(): AudioSegment | undefined {
    if (this.#filled >= 2) {
      const even = this.#filled - (this.#filled % 2);
      this.#frames.push(this.#frame.slice(0, even));
    }
    this.#filled = 0;
    return this.#cut();
  }

  #addFrame(frame: Uint8Array): AudioSegment | undefined {
    this.#frames.push(frame);
    if (this.#isSilent(frame)) {
      this.#silentFrames += 1;
    } else {
      this.#silentFrames = 0;
      this.#heardSpeech = true;
    }
    const length = this.#frames.length;
    const pauseEnds =
      this.#heardSpeech &&
      this.#silentFrames >= this.#minSilenceFrames &&
      length >= this.#minSegmentFrames;
    if (pauseEnds || length >= this.#maxSegmentFrames) return this.#cut();
    return undefined;
  }

  /** Ends the segment in progress; returns it unless it is silence only. */
  #cut(): AudioSegment | undefined {
    const bytes = this.#frames.reduce((n, f) => n + f.byteLength, 0);
    const start = this.#segmentStartByte;
    const speech = this.#heardSpeech;
    const frames = this.#frames;
    this.#segmentStartByte += bytes;
    this.#frames = [];
    this.#heardSpeech = false;
    this.#silentFrames = 0;
    if (!speech || bytes === 0) return undefined;
    const pcm = new Uint8Array(bytes);
    let at = 0;
    for (const frame of frames) {
      pcm.set(frame, at);
      at += frame.byteLength;
    }
    return {
      pcm,
      startSecond: start / this.#bytesPerSecond,
      endSecond: (start + bytes) / this.#bytesPerSecond,
    };
  }

  /** Whether a frame's RMS level is under the threshold. */
  #isSilent(frame: Uint8Array): boolean {
    const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
    let sum = 0;
    const samples = frame.byteLength / 2;
    for (let i = 0; i < samples; i++) {
      const sample = view.getInt16(i * 2, true);
      sum += sample * sample;
    }
    return Math.sqrt(sum / samples) < this.#threshold;
  }
}
