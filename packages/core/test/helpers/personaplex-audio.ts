import OpusScript from 'opusscript';
import type { PersonaPlexEvent, PersonaPlexSession } from '../../src/realtime/session.js';
import { pcmToWav } from '../../src/voice/wav.js';

/** 20 ms at 24 kHz. */
export const FRAME = 480;

/** libopus (WASM) at 24 kHz mono: what a Node app would use to talk to PersonaPlex. */
export function opusCodec() {
  const opus = new OpusScript(24_000, 1, OpusScript.Application.AUDIO);
  opus.encoderCTL(4002, 48_000);
  return {
    /** 20 ms packets for 16-bit PCM (the tail padded with silence). */
    encode(pcm: Uint8Array): Uint8Array[] {
      const padded = new Uint8Array(Math.ceil(pcm.length / (FRAME * 2)) * FRAME * 2);
      padded.set(pcm);
      const out: Uint8Array[] = [];
      for (let at = 0; at < padded.length; at += FRAME * 2) {
        out.push(
          Uint8Array.from(opus.encode(Buffer.from(padded.subarray(at, at + FRAME * 2)), FRAME)),
        );
      }
      return out;
    },
    decode(packet: Uint8Array): Uint8Array {
      return Uint8Array.from(opus.decode(Buffer.from(packet)));
    },
    free: () => opus.delete(),
  };
}

/** The emulator's voice for `text` (24 kHz 16-bit PCM), from its speech endpoint. */
export async function emulatorSpeech(
  edgeURL: string,
  apiKey: string,
  text: string,
): Promise<Uint8Array> {
  const res = await fetch(`${edgeURL}/v1/audio/speech`, {
    method: 'POST',
    headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      model: 'kokoro-82m',
      voice: 'af_bella',
      input: text,
      response_format: 'pcm',
    }),
  });
  if (!res.ok) throw new Error(`speech: HTTP ${res.status}`);
  return new Uint8Array(await res.arrayBuffer());
}

/** What the emulator's speech-to-text hears in 24 kHz 16-bit PCM. */
export async function emulatorHears(
  edgeURL: string,
  apiKey: string,
  pcm: Uint8Array,
): Promise<string> {
  const form = new FormData();
  form.append('file', new Blob([pcmToWav(pcm, { sampleRate: 24_000, channels: 1 })]), 'reply.wav');
  const res = await fetch(
    `${edgeURL}/v1/audio/transcriptions?model=whisper-large-v3-turbo&sync=true`,
    {
      method: 'POST',
      headers: { authorization: `Bearer ${apiKey}` },
      body: form,
    },
  );
  return ((await res.json()) as { text: string }).text;
}

/** Everything a session delivered until it ended, with the error it ended with (if any). */
export async function drain(
  session: PersonaPlexSession,
): Promise<{ events: PersonaPlexEvent[]; error: unknown }> {
  const events: PersonaPlexEvent[] = [];
  try {
    for await (const event of session) events.push(event);
    return { events, error: undefined };
  } catch (error) {
    return { events, error };
  }
}
