/**
 * Plays the spoken answer as its audio arrives: each chunk of 24 kHz 16-bit mono PCM is scheduled
 * right after the one before it on a Web Audio clock, so playback starts with the first sentence
 * and runs gap-free while the next sentences are still being synthesised.
 */
import { VOICE_SAMPLE_RATE } from '@/lib/chat-metadata';

export class PcmPlayer {
  #context: AudioContext | undefined;
  /** When (on the audio clock) the next chunk starts. */
  #nextStart = 0;
  #sources = new Set<AudioBufferSourceNode>();

  /** Creates or resumes the audio context; call it from a click (browsers require a gesture). */
  unlock(): void {
    this.#context ??= new AudioContext({ sampleRate: VOICE_SAMPLE_RATE });
    void this.#context.resume();
  }

  /** Schedules one base64 PCM chunk; returns false when the player is not unlocked. */
  play(base64: string): boolean {
    const context = this.#context;
    if (!context) return false;
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    const samples = new DataView(bytes.buffer, 0, bytes.byteLength - (bytes.byteLength % 2));
    const count = samples.byteLength / 2;
    if (count === 0) return true;
    const buffer = context.createBuffer(1, count, VOICE_SAMPLE_RATE);
    const channel = buffer.getChannelData(0);
    for (let i = 0; i < count; i++) channel[i] = samples.getInt16(i * 2, true) / 32_768;
    const source = context.createBufferSource();
    source.buffer = buffer;
    source.connect(context.destination);
    const start = Math.max(context.currentTime + 0.02, this.#nextStart);
    source.start(start);
    this.#nextStart = start + buffer.duration;
    this.#sources.add(source);
    source.onended = () => this.#sources.delete(source);
    return true;
  }

  /** Silences what is playing or scheduled (a new question, or the switch turned off). */
  stop(): void {
    for (const source of this.#sources) source.stop();
    this.#sources.clear();
    this.#nextStart = 0;
  }
}
