/**
 * Rule 14 (issue 21, rule 1): no input makes a loop unbounded or super-linear. Every field of a
 * media header and every audio option is checked, a bad one is a ValidationError before any
 * request; the sentence splitter is linear.
 */
import { splitSentences } from '@polargrid/core/voice';
import { pcmToWav } from '@polargrid/core/voice';
import {
  errorName,
  expectRequests,
  expectTypedError,
  type CellResult,
  describeChat,
} from '../checks.ts';
import { connectionTo } from '../cells.ts';
import { startHostileServer } from '../hostile-server.ts';
import { CELL_LIMIT_MS, type HostileRule } from '../rule.ts';
import {
  type AudioCall,
  LIVE_TRANSCRIPTION_SURFACES,
  type LiveTranscriptionSurface,
  runLiveTranscription,
} from '../voice-calls.ts';
import { sendJSON } from '../wire.ts';

/** A WAV file of silence whose header says `channels` (0 froze the process before). */
function wavSaying(channels: number): Uint8Array {
  const wav = pcmToWav(new Uint8Array(48_000), { sampleRate: 24_000, channels: 1 });
  new DataView(wav.buffer).setUint16(22, channels, true);
  return wav;
}

const VALIDATION = ['ValidationError', 'AI_InvalidArgumentError'];

async function audioCell(surface: string, call: Omit<AudioCall, 'limitMs'>): Promise<CellResult> {
  const server = await startHostileServer((_req, res) => sendJSON(res, 200, '{"text":"never"}'));
  try {
    const view = await runLiveTranscription(
      surface as LiveTranscriptionSurface,
      connectionTo(server),
      {
        ...call,
        limitMs: CELL_LIMIT_MS,
      },
    );
    return {
      observed: describeChat(view, server.requests.length),
      problems: [...expectTypedError(view, VALIDATION), ...expectRequests(server, 0)],
    };
  } finally {
    await server.close();
  }
}

/** 500 KB of numbered lines: a list of figures spoken as one string (45 s before, blocked). */
function numberedLines(bytes: number): string {
  const lines: string[] = [];
  let length = 0;
  for (let i = 1; length < bytes; i++) {
    const line = `${i}.\n${i * 7}\n`;
    lines.push(line);
    length += line.length;
  }
  return lines.join('');
}

const SPLIT_BOUND_MS = 2_500;

export const rule14: HostileRule = {
  n: 14,
  title: 'No input makes a loop unbounded (issue 21)',
  cases: [
    {
      id: '14a',
      edge: '(input) a WAV header that says 0 channels',
      expected: 'ValidationError before any request (the server gets 0 requests); no freeze',
      surfaces: LIVE_TRANSCRIPTION_SURFACES,
      run: (surface) => audioCell(surface, { bytes: wavSaying(0), mediaType: 'audio/wav' }),
    },
    {
      id: '14b',
      edge: '(input) a WAV header that says 65,535 channels',
      expected: 'ValidationError before any request (a frame would be ~251 MB)',
      surfaces: LIVE_TRANSCRIPTION_SURFACES,
      run: (surface) => audioCell(surface, { bytes: wavSaying(65_535), mediaType: 'audio/wav' }),
    },
    {
      id: '14c',
      edge: '(input) PCM with `channels: 0` (core) / `rate: 0` (AI SDK: it has no channels option)',
      expected: 'ValidationError before any request',
      surfaces: LIVE_TRANSCRIPTION_SURFACES,
      run: (surface) =>
        audioCell(
          surface,
          surface === 'core streamTranscriptionFromAudio'
            ? { bytes: new Uint8Array(4_800), mediaType: 'audio/pcm', channels: 0 }
            : { bytes: new Uint8Array(4_800), mediaType: 'audio/pcm', sampleRate: 0 },
        ),
    },
    {
      id: '14d',
      edge: '(input) 500 KB of numbered lines spoken as one string',
      expected: `split within ${SPLIT_BOUND_MS} ms (linear), no text lost`,
      surfaces: ['core splitSentences (under streamSpeechFromText and experimental_streamSpeech)'],
      run: async () => {
        const text = numberedLines(500_000);
        const started = performance.now();
        let sentences: string[] = [];
        let error: unknown;
        try {
          sentences = splitSentences(text);
        } catch (caught) {
          error = caught;
        }
        const ms = performance.now() - started;
        const kept = sentences.join('').replace(/\s+/g, '') === text.replace(/\s+/g, '');
        const problems: string[] = [];
        if (error !== undefined) problems.push(`threw ${errorName(error)}`);
        if (ms > SPLIT_BOUND_MS) problems.push(`took ${Math.round(ms)} ms`);
        if (!kept) problems.push('text was lost');
        return {
          observed: `${sentences.length} sentences, ${kept ? 'no text lost' : 'text lost'}, ${ms <= SPLIT_BOUND_MS ? `within ${SPLIT_BOUND_MS} ms` : `${Math.round(ms)} ms`}`,
          problems,
        };
      },
    },
  ],
};
