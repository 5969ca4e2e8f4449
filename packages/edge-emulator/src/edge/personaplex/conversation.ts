import { OggOpusDecoder, OggOpusEncoder } from '../../audio/opus.js';
import { decodeText, decodeUtterances, encodeText } from '../../audio/tone-codec.js';
import { SAMPLE_RATE } from '../../audio/wav.js';

/** One model step: 80 ms at 24 kHz (PersonaPlex's Mimi frame rate is 12.5 Hz). */
export const STEP_SAMPLES = 1_920;
const STEP_BYTES = STEP_SAMPLES * 2;
/** Trailing quiet that ends an utterance (the emulator's speech ends with 120 ms of silence). */
const END_QUIET_BYTES = (SAMPLE_RATE / 10) * 2;
/** A sample this loud starts an utterance (as in the tone codec). */
const ONSET = 1_500;
/** At most this much heard audio is kept while waiting for an utterance to complete (60 s). */
const MAX_HEARD_BYTES = 60 * SAMPLE_RATE * 2;

/** What the model says back to what it heard (deterministic). */
export function replyTo(heard: string): string {
  return `You said: ${heard}`;
}

/** What one step sends, in order: transcript pieces first, then one Ogg page of audio. */
export interface Step {
  texts: string[];
  pages: Buffer[];
}

interface QueuedReply {
  pcm: Buffer;
  /** Byte offset in `pcm` at which each word of the transcript starts, with the word (" word"). */
  words: { at: number; text: string }[];
  sent: number;
}

/**
 * The emulator's PersonaPlex model: full duplex and paced by its input, like the real server.
 * Every 80 ms of the user's audio it consumes yields one 80 ms page of its own voice (silence
 * when it has nothing to say). When an utterance of emulator speech ends, it decodes the words
 * (the emulator's deterministic speech-to-text) and answers with {@link replyTo}, its transcript
 * sent word by word just before the audio that says the word. The user starting to talk while
 * it speaks interrupts it (barge-in): it falls silent and answers the new utterance instead.
 */
export class PersonaPlexConversation {
  readonly #decoder = new OggOpusDecoder();
  readonly #encoder = new OggOpusEncoder(42);
  #input: Buffer = Buffer.alloc(0);
  #heard: Buffer = Buffer.alloc(0);
  #onset = -1;
  #reply: QueuedReply | undefined;
  readonly #heardTexts: string[] = [];
  /** How many times the user started talking while the model was speaking (and stopped it). */
  interruptions = 0;
  /** Called when an utterance was understood; the caller decides when its reply starts. */
  onUtterance: (text: string) => void = (text) => this.speak(replyTo(text));

  /** Everything the user said so far, one entry per utterance. */
  get heard(): readonly string[] {
    return this.#heardTexts;
  }

  /** The two header pages the model's stream starts with (sent right after the handshake). */
  headerPages(): Buffer[] {
    return this.#encoder.headers();
  }

  /** Queues `text` as the model's next words (after what it is saying now). */
  speak(text: string): void {
    const pcm = encodeText(text);
    const timing = decodeText(pcm);
    const bytesPerByte = Math.round((timing?.secondsPerByte ?? 0) * SAMPLE_RATE) * 2;
    const start = Math.round((timing?.payloadStart ?? 0) * SAMPLE_RATE) * 2;
    const words: QueuedReply['words'] = [];
    let offset = 0;
    for (const word of text.match(/\S+\s*/g) ?? []) {
      words.push({ at: start + offset * bytesPerByte, text: ` ${word.trim()}` });
      offset += new TextEncoder().encode(word).length;
    }
    const previous = this.#reply ? this.#reply.pcm.subarray(this.#reply.sent) : Buffer.alloc(0);
    const shifted = words.map((w) => ({ ...w, at: w.at + previous.length }));
    const rest = this.#reply
      ? this.#reply.words.filter((w) => w.at >= (this.#reply?.sent ?? 0))
      : [];
    this.#reply = {
      pcm: Buffer.concat([previous, pcm]),
      words: [...rest.map((w) => ({ ...w, at: w.at - (this.#reply?.sent ?? 0) })), ...shifted],
      sent: 0,
    };
  }

  /** Feeds Ogg Opus bytes from the user; returns the steps now due. Throws on a malformed stream. */
  hear(ogg: Uint8Array): Step[] {
    const pcm = this.#decoder.decode(ogg);
    this.#listen(pcm);
    this.#input = Buffer.concat([this.#input, pcm]);
    const steps: Step[] = [];
    while (this.#input.length >= STEP_BYTES) {
      this.#input = this.#input.subarray(STEP_BYTES);
      steps.push(this.#step());
    }
    return steps;
  }

  #listen(pcm: Buffer): void {
    this.#heard = Buffer.concat([this.#heard, pcm]);
    if (this.#onset < 0) {
      const samples = new Int16Array(
        pcm.buffer.slice(pcm.byteOffset, pcm.byteOffset + (pcm.length & ~1)),
      );
      const loud = samples.findIndex((s) => Math.abs(s) >= ONSET);
      if (loud < 0) {
        this.#heard = Buffer.alloc(0);
        return;
      }
      this.#heard = this.#heard.subarray(
        Math.max(0, this.#heard.length - pcm.length + loud * 2 - 2),
      );
      this.#onset = 0;
      // Barge-in: the user talking over the model stops it mid-word; the rest of what it meant
      // to say is dropped (PersonaPlex handles interruption inside the model, with no message).
      if (this.#reply) {
        this.#reply = undefined;
        this.interruptions += 1;
      }
    }
    if (this.#heard.length > MAX_HEARD_BYTES) this.#forget();
    if (!this.#endsQuiet()) return;
    const utterances = decodeUtterances(this.#heard);
    this.#forget();
    // Sound that is not the emulator's speech (noise, a clipped start) is not understood, and
    // not kept either: the next utterance after the pause is heard on its own.
    if (!utterances) return;
    const text = utterances.map((u) => u.text).join(' ');
    this.#heardTexts.push(text);
    this.onUtterance(text);
  }

  #endsQuiet(): boolean {
    if (this.#heard.length < END_QUIET_BYTES) return false;
    const tail = this.#heard.subarray(this.#heard.length - END_QUIET_BYTES);
    for (let at = 0; at + 1 < tail.length; at += 2)
      if (Math.abs(tail.readInt16LE(at)) >= ONSET) return false;
    return true;
  }

  #forget(): void {
    this.#heard = Buffer.alloc(0);
    this.#onset = -1;
  }

  #step(): Step {
    const reply = this.#reply;
    let chunk: Buffer;
    const texts: string[] = [];
    if (reply) {
      const from = reply.sent;
      chunk = reply.pcm.subarray(from, from + STEP_BYTES);
      reply.sent += chunk.length;
      for (const word of reply.words)
        if (word.at >= from && word.at < reply.sent) texts.push(word.text);
      if (reply.sent >= reply.pcm.length) this.#reply = undefined;
      if (chunk.length < STEP_BYTES)
        chunk = Buffer.concat([chunk, Buffer.alloc(STEP_BYTES - chunk.length)]);
    } else {
      chunk = Buffer.alloc(STEP_BYTES);
    }
    // Four 20 ms packets in one page per step.
    return { texts, pages: this.#encoder.encode(chunk, { packetsPerPage: 4 }) };
  }

  /** Whether the model is in the middle of saying something. */
  get speaking(): boolean {
    return this.#reply !== undefined;
  }

  free(): void {
    this.#decoder.free();
    this.#encoder.free();
  }
}
