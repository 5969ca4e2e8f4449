/**
 * A streaming linear resampler. `ai`'s `experimental_resampleAudio` works on one buffer at a time,
 * so chunk after chunk it restarts at each chunk's first sample and clicks at every boundary; this
 * one carries its position and last sample from chunk to chunk, so a stream cut into any chunks
 * resamples to the same samples as in one piece. Linear interpolation suits speech (voice energy
 * sits far below either Nyquist frequency).
 */
export class LinearResampler {
  readonly #step: number;
  /** Read position in the next chunk; -1 is the previous chunk's last sample. */
  #position = 0;
  #previous = 0;

  constructor(
    readonly fromRate: number,
    readonly toRate: number,
  ) {
    this.#step = fromRate / toRate;
  }

  /** The samples of `input` at `toRate` (a copy when the rates are equal). */
  process(input: Float32Array): Float32Array {
    if (this.fromRate === this.toRate) return input.slice();
    const n = input.length;
    if (n === 0) return new Float32Array(0);
    const out = new Float32Array(Math.ceil((n - this.#position) / this.#step) + 1);
    let count = 0;
    let position = this.#position;
    while (position <= n - 1) {
      const i = Math.floor(position);
      const fraction = position - i;
      const a = i < 0 ? this.#previous : (input[i] as number);
      const b = i + 1 < n ? (input[i + 1] as number) : a;
      out[count++] = a + (b - a) * fraction;
      position += this.#step;
    }
    this.#position = position - n;
    this.#previous = input[n - 1] as number;
    return out.subarray(0, count);
  }
}
