/**
 * A voice bot on PersonaPlex without the AI SDK: it says each line of a script into the session
 * (its "microphone" is text-to-speech), keeps the line open with silence as a live microphone
 * would, prints the model's transcript as it arrives, and writes both voices to a WAV file.
 *
 * Against the in-process edge emulator unless POLARGRID_API_KEY is set (then real PolarGrid,
 * region from POLARGRID_PERSONAPLEX_REGION, default yto-01).
 */
import { writeFile } from 'node:fs/promises';
import { connectPersonaPlex, type PersonaPlexSession } from '@polargrid/core/realtime';
import { pcmToWav } from '@polargrid/core/voice';
import { startEdgeEmulator } from '@polargrid/edge-emulator';
import { createOpusCodec } from './opus.ts';

const LINES = ['Hello, who am I talking to?', 'What can you do?'];
/** One 20 ms packet every 20 ms: the pace of a real microphone. */
const PACKET_MS = 20;

const real = Boolean(process.env.POLARGRID_API_KEY) && process.env.POLARGRID_EMULATOR !== '1';
const emulator = real ? undefined : await startEdgeEmulator();
const apiKey = emulator?.apiKey ?? process.env.POLARGRID_API_KEY;
const edge = emulator?.edgeURLs['yto-01'];
const speechEdge = emulator?.edges.find((e) => e.models.includes('kokoro-82m'))?.url;
const codec = createOpusCodec();

/** The bot's voice for `text`: the emulator's (or PolarGrid's) text-to-speech, 24 kHz PCM16. */
async function voice(text: string): Promise<Uint8Array> {
  const base =
    speechEdge ?? process.env.POLARGRID_BASE_URL ?? 'https://api.yto-01.edge.polargrid.ai';
  const res = await fetch(`${base}/v1/audio/speech`, {
    method: 'POST',
    headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      model: 'kokoro-82m',
      voice: 'af_bella',
      input: text,
      response_format: 'pcm',
    }),
  });
  if (!res.ok) throw new Error(`text-to-speech failed: HTTP ${res.status}`);
  return new Uint8Array(await res.arrayBuffer());
}

/** Sends packets at a microphone's pace until `stop` says so. */
async function microphone(session: PersonaPlexSession, packets: Uint8Array[], stop: () => boolean) {
  const silence = codec.encode(new Uint8Array(960))[0] ?? new Uint8Array(0);
  for (let i = 0; !stop() && !session.ended; i++) {
    session.sendAudio(packets[i] ?? silence);
    await new Promise((resolve) => setTimeout(resolve, PACKET_MS));
  }
}

const heard: Uint8Array[] = [];
const transcripts: string[] = [];
try {
  for (const line of LINES) {
    const packets = codec.encode(await voice(line));
    const session = await connectPersonaPlex({
      apiKey,
      baseURL: edge,
      region: process.env.POLARGRID_PERSONAPLEX_REGION,
      voice: 'NATF0',
      persona: 'You are a friendly assistant.',
    });
    console.log(`user:  ${line}`);
    let text = '';
    let lastText = Date.now();
    const answered = () => text !== '' && Date.now() - lastText > 1_000;
    // Once the answer is over, the bot hangs up: that ends the iteration below.
    const sending = microphone(session, packets, answered).finally(() => session.close());
    process.stdout.write('model:');
    for await (const event of session) {
      if (event.type === 'audio') heard.push(codec.decode(event.packet));
      if (event.type === 'text') {
        text += event.text;
        lastText = Date.now();
        process.stdout.write(event.text);
      }
    }
    process.stdout.write('\n');
    await sending;
    transcripts.push(text.trim());
  }
  const pcm = new Uint8Array(heard.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of heard) {
    pcm.set(part, at);
    at += part.length;
  }
  await writeFile('conversation.wav', pcmToWav(pcm, { sampleRate: 24_000, channels: 1 }));
  console.log(
    `wrote conversation.wav (${(pcm.length / 48_000).toFixed(1)} s of the model's voice)`,
  );
  console.log(JSON.stringify({ transcripts }));
} finally {
  codec.free();
  await emulator?.close();
}
