/** Sample conversions shared by the player and the microphone. */

/** Float samples in [-1, 1] from 16-bit ones. */
export function int16ToFloat32(samples: Int16Array): Float32Array {
  const out = new Float32Array(samples.length);
  for (let i = 0; i < samples.length; i++) out[i] = (samples[i] as number) / 32_768;
  return out;
}

/** 16-bit samples from float ones (clipped to [-1, 1]). */
export function float32ToInt16(samples: Float32Array): Int16Array {
  const out = new Int16Array(samples.length);
  for (let i = 0; i < samples.length; i++) {
    const s = Math.max(-1, Math.min(1, samples[i] as number));
    out[i] = Math.round(s < 0 ? s * 32_768 : s * 32_767);
  }
  return out;
}

/** Bytes of base64 text (`atob`: every browser and runtime has it). */
export function base64ToBytes(base64: string): Uint8Array {
  const binary = atob(base64);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

/**
 * Reads 16-bit little-endian samples from byte chunks cut anywhere: a network chunk may end in
 * the middle of a sample, whose first byte is kept for the next chunk.
 */
export class Pcm16Reader {
  #carry: number | undefined;

  /** The whole samples in `bytes` (with a byte carried from the previous chunk). */
  read(bytes: Uint8Array): Int16Array {
    const total = bytes.length + (this.#carry === undefined ? 0 : 1);
    const out = new Int16Array(total >> 1);
    let at = 0;
    let i = 0;
    if (this.#carry !== undefined && bytes.length > 0) {
      out[at++] = ((this.#carry | ((bytes[0] as number) << 8)) << 16) >> 16;
      i = 1;
      this.#carry = undefined;
    }
    for (; i + 1 < bytes.length; i += 2) {
      out[at++] = (((bytes[i] as number) | ((bytes[i + 1] as number) << 8)) << 16) >> 16;
    }
    if (i < bytes.length) this.#carry = bytes[i];
    return out;
  }

  /** True when half a sample is still waiting for its second byte. */
  get pending(): boolean {
    return this.#carry !== undefined;
  }
}
