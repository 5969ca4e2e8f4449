/**
 * Realtime: the time from the end of the user's utterance to the first audio of the reply,
 * PersonaPlex (one full-duplex socket, `@polargrid/core/realtime`) against the pipeline
 * (`experimental_streamTranscribe` → `streamText` → `experimental_streamSpeech`), on the edge
 * emulator with the voice cell's pacing. The user's voice is the emulator's speech, sent at a
 * microphone's pace (20 ms Opus packets every 20 ms for PersonaPlex, 100 ms PCM chunks every
 * 100 ms for the pipeline), followed by silence as a live microphone would.
 */
import { createPolarGrid } from '@polargrid/ai-sdk-provider';
import { connectPersonaPlex } from '@polargrid/core/realtime';
import { startEdgeEmulator } from '@polargrid/edge-emulator';
import {
  experimental_streamSpeech as streamSpeech,
  experimental_streamTranscribe as streamTranscribe,
  streamText,
} from 'ai';
import OpusScript from 'opusscript';
import type { BenchConfig } from '../config.ts';
import type { Cell, Entry } from '../results.ts';
import { spread } from '../stats.ts';

/** The voice cell's pacing: LLM 250 ms to the first token then 40 tokens/s; TTS 120 ms to the first audio. */
const TIMING = { ttftMs: 250, tokensPerSecond: 40, speechFirstByteMs: 120 };
const UTTERANCE = 'What is the weather like in Toronto today?';
const FRAME_SAMPLES = 480;
const FRAME_BYTES = FRAME_SAMPLES * 2;
const CHUNK_BYTES = 4_800;
/** A decoded sample this loud is the reply's voice, not the silence the model sends meanwhile. */
const VOICED = 1_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type Emulator = Awaited<ReturnType<typeof startEdgeEmulator>>;

async function userSpeech(emulator: Emulator): Promise<Uint8Array> {
  const edge = emulator.edges.find((e) => e.models.includes('kokoro-82m'))?.url ?? '';
  const res = await fetch(`${edge}/v1/audio/speech`, {
    method: 'POST',
    headers: { authorization: `Bearer ${emulator.apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      model: 'kokoro-82m',
      voice: 'af_bella',
      input: UTTERANCE,
      response_format: 'pcm',
    }),
  });
  return new Uint8Array(await res.arrayBuffer());
}

/** Milliseconds from the last packet of the utterance to the first voiced audio of the reply. */
async function personaPlexRun(emulator: Emulator, speech: Uint8Array): Promise<number> {
  const opus = new OpusScript(24_000, 1, OpusScript.Application.VOIP);
  try {
    const padded = new Uint8Array(Math.ceil(speech.length / FRAME_BYTES) * FRAME_BYTES);
    padded.set(speech);
    const packets: Uint8Array[] = [];
    for (let at = 0; at < padded.length; at += FRAME_BYTES)
      packets.push(
        Uint8Array.from(
          opus.encode(Buffer.from(padded.subarray(at, at + FRAME_BYTES)), FRAME_SAMPLES),
        ),
      );
    const silence = Uint8Array.from(opus.encode(Buffer.alloc(FRAME_BYTES), FRAME_SAMPLES));
    const session = await connectPersonaPlex({
      apiKey: emulator.apiKey,
      baseURL: emulator.edgeURLs['yto-01'],
    });
    let endedAt = Number.NaN;
    let replied = false;
    const microphone = (async () => {
      const started = performance.now();
      for (let i = 0; !replied && !session.ended && i < packets.length + 500; i++) {
        session.sendAudio(packets[i] ?? silence);
        if (i === packets.length - 1) endedAt = performance.now();
        // Real time from the first packet, so timer drift does not slow the microphone down.
        await sleep(Math.max(0, started + (i + 1) * 20 - performance.now()));
      }
    })();
    let firstAudio = Number.NaN;
    for await (const event of session) {
      if (event.type !== 'audio') continue;
      const pcm = opus.decode(Buffer.from(event.packet));
      let voiced = false;
      for (let at = 0; at + 1 < pcm.length && !voiced; at += 2)
        voiced = Math.abs(pcm.readInt16LE(at)) >= VOICED;
      if (voiced && Number.isFinite(endedAt)) {
        firstAudio = performance.now();
        break;
      }
    }
    replied = true;
    await microphone;
    session.close();
    return firstAudio - endedAt;
  } finally {
    opus.delete();
  }
}

/** Milliseconds from the last chunk of the utterance to the first audio of the spoken answer. */
async function pipelineRun(emulator: Emulator, speech: Uint8Array): Promise<number> {
  const polargrid = createPolarGrid(emulator.clientOptions());
  const microphone = new Uint8Array(speech.length + 48_000); // and a second of silence after it
  microphone.set(speech);
  let sent = 0;
  let endedAt = Number.NaN;
  const started = performance.now();
  const audio = new ReadableStream<Uint8Array>({
    async pull(controller) {
      await sleep(Math.max(0, started + (sent / CHUNK_BYTES + 1) * 100 - performance.now()));
      if (sent >= microphone.length) return controller.close();
      controller.enqueue(microphone.slice(sent, sent + CHUNK_BYTES));
      sent += CHUNK_BYTES;
      if (sent >= speech.length && Number.isNaN(endedAt)) endedAt = performance.now();
    },
  });
  const heard = streamTranscribe({
    model: polargrid.transcription('whisper-large-v3-turbo'),
    audio,
    inputAudioFormat: { type: 'audio/pcm', rate: 24_000 },
  });
  // The answer starts as soon as the first complete utterance is final.
  let question = '';
  for await (const part of heard.fullStream) {
    if (part.type === 'error') throw part.error;
    if (part.type === 'transcript-final') {
      question = part.text;
      break;
    }
  }
  const answer = streamText({
    model: polargrid('qwen-3.8-27b'),
    prompt: question,
    maxOutputTokens: 200,
  });
  const spoken = streamSpeech({
    model: polargrid.speech('kokoro-82m'),
    text: answer.textStream,
    voice: 'af_bella',
  });
  let firstAudio = Number.NaN;
  for await (const chunk of spoken.audioStream) {
    if (chunk.byteLength > 0) {
      firstAudio = performance.now();
      break;
    }
  }
  return firstAudio - endedAt;
}

function entry(id: string, label: string, kind: Entry['kind'], samples: number[]): Entry {
  return {
    id,
    label,
    kind,
    status: 'ok',
    samples: { replyMs: samples },
    metrics: { replyMs: spread(samples) },
    ratios: {},
  };
}

export async function realtimeCell(config: BenchConfig, log: (l: string) => void): Promise<Cell> {
  const emulator = await startEdgeEmulator({ timing: TIMING });
  const personaPlex: number[] = [];
  const pipeline: number[] = [];
  try {
    const speech = await userSpeech(emulator);
    // One unmeasured run of each pays the process's first connection and WASM set-up.
    await personaPlexRun(emulator, speech);
    await pipelineRun(emulator, speech);
    for (let rep = 0; rep < config.reps; rep++) {
      personaPlex.push(await personaPlexRun(emulator, speech));
      pipeline.push(await pipelineRun(emulator, speech));
      log(`  realtime: repetition ${rep + 1}/${config.reps} done`);
    }
  } finally {
    await emulator.close();
  }
  const ours = entry(
    'personaplex',
    'ours: PersonaPlex session (@polargrid/core/realtime)',
    'ours',
    personaPlex,
  );
  const chain = entry(
    'pipeline',
    'pipeline: streamTranscribe → streamText → streamSpeech',
    'peer',
    pipeline,
  );
  chain.ratios.replyMs =
    (chain.metrics.replyMs?.median ?? Number.NaN) / (ours.metrics.replyMs?.median ?? Number.NaN);
  return {
    id: 'realtime',
    title: 'Realtime: end of the user’s utterance to the first reply audio',
    what: `The edge emulator: the pipeline with the voice cell's pacing (LLM ${TIMING.ttftMs} ms to the first token, ${TIMING.tokensPerSecond} tokens/s; TTS ${TIMING.speechFirstByteMs} ms to the first audio; transcription of each utterance when the speaker pauses), PersonaPlex as the emulator models it (full duplex, one 80 ms step out per 80 ms in, the reply starting once 100 ms of quiet end the utterance: no model inference time, so its row is a floor set by the protocol, not a forecast of the hosted model). The user's question (${UTTERANCE.length} characters of the emulator's voice, 2.6 s ending in 120 ms of quiet) is sent at a microphone's real-time pace; "reply" is from the last audio of the question (that quiet included) to the first voiced reply audio. Both ways run in one process, one after the other in each repetition. The pipeline row's ratio is how many times later its reply starts.`,
    metrics: [{ key: 'replyMs', label: 'reply', unit: 'ms', digits: 0 }],
    entries: [ours, chain],
  };
}
