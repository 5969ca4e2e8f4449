import OpusScript from 'opusscript';

/** 20 ms at 24 kHz, PersonaPlex's rate. */
export const FRAME_SAMPLES = 480;
const FRAME_BYTES = FRAME_SAMPLES * 2;

/** libopus (WASM, from npm) at 24 kHz mono: PCM16 to 20 ms packets and back. */
export function createOpusCodec() {
  const encoder = new OpusScript(24_000, 1, OpusScript.Application.VOIP);
  const decoder = new OpusScript(24_000, 1, OpusScript.Application.VOIP);
  return {
    /** 20 ms packets for `pcm` (the tail padded with silence). */
    encode(pcm: Uint8Array): Uint8Array[] {
      const padded = new Uint8Array(Math.ceil(pcm.length / FRAME_BYTES) * FRAME_BYTES);
      padded.set(pcm);
      const packets: Uint8Array[] = [];
      for (let at = 0; at < padded.length; at += FRAME_BYTES) {
        packets.push(
          Uint8Array.from(
            encoder.encode(Buffer.from(padded.subarray(at, at + FRAME_BYTES)), FRAME_SAMPLES),
          ),
        );
      }
      return packets;
    },
    decode(packet: Uint8Array): Uint8Array {
      return Uint8Array.from(decoder.decode(Buffer.from(packet)));
    },
    free() {
      encoder.delete();
      decoder.delete();
    },
  };
}
