/** Rule 1: no hang, ever — an error status or speech headers, then a stalled or trickled body. */
import { CHAT_SURFACES, type ChatView } from '../chat-surfaces.ts';
import { type CellResult, describeChat, expectTypedError, expectWithin } from '../checks.ts';
import { chatCell, connectionTo } from '../cells.ts';
import { forever, type HostileHandler, startHostileServer } from '../hostile-server.ts';
import {
  runSpeech,
  runTranscription,
  SPEECH_SURFACES,
  type SpeechSurface,
  TRANSCRIPTION_SURFACES,
  type TranscriptionSurface,
} from '../audio-calls.ts';
import { CELL_LIMIT_MS, type HostileRule, PROMPT_END_MS } from '../rule.ts';

const EXPECTED = `TimeoutError within ${PROMPT_END_MS} ms, exactly 1 request (a timeout after the request was sent is not retried)`;

/** Status and headers at once, the first bytes of an error body, then nothing more, ever. */
const stalledErrorBody: HostileHandler = (_req, res) => {
  res.writeHead(500, { 'content-type': 'application/json', 'x-request-id': 'req_hostile' });
  res.write('{"error":{"message":"inference backend overl');
};

/** A 429 whose body arrives one space every 100 ms, forever: no idle timer ever fires. */
const trickledErrorBody: HostileHandler = async (_req, res) => {
  res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '0' });
  res.write('{"error":');
  await forever(res, ' ', 100);
};

/** Speech headers (audio/mpeg), a few audio bytes, then a stall. */
const stalledSpeech: HostileHandler = (_req, res) => {
  res.writeHead(200, { 'content-type': 'audio/mpeg', 'transfer-encoding': 'chunked' });
  res.write(new Uint8Array([0xff, 0xfb, 0x90, 0x44, 0, 0, 0, 0]));
};

function noHang(view: ChatView, requests: number): string[] {
  return [
    ...expectTypedError(view, ['TimeoutError']),
    ...expectWithin(view, PROMPT_END_MS),
    ...(requests === 1 ? [] : [`${requests} request(s) reached the edge, expected 1`]),
  ];
}

async function audioCell(surface: string, handler: HostileHandler): Promise<CellResult> {
  const server = await startHostileServer(handler);
  try {
    const conn = connectionTo(server);
    const view = (SPEECH_SURFACES as readonly string[]).includes(surface)
      ? await runSpeech(surface as SpeechSurface, conn, CELL_LIMIT_MS)
      : await runTranscription(surface as TranscriptionSurface, conn, CELL_LIMIT_MS);
    return {
      observed: describeChat(view, server.requests.length, true),
      problems: noHang(view, server.requests.length),
    };
  } finally {
    await server.close();
  }
}

export const rule1: HostileRule = {
  n: 1,
  title: 'No hang, ever',
  cases: [
    {
      id: '1a',
      edge: '500 with headers at once, then the JSON error body stalls mid-way',
      expected: EXPECTED,
      surfaces: CHAT_SURFACES,
      run: (surface) =>
        chatCell(surface, stalledErrorBody, { timed: true }, (view, server) =>
          noHang(view, server.requests.length),
        ),
    },
    {
      id: '1b',
      edge: '429 (Retry-After: 0), then the body trickles one byte every 100 ms, forever',
      expected: EXPECTED,
      surfaces: CHAT_SURFACES,
      run: (surface) =>
        chatCell(surface, trickledErrorBody, { timed: true }, (view, server) =>
          noHang(view, server.requests.length),
        ),
    },
    {
      id: '1c',
      edge: '200 `audio/mpeg` speech headers and 8 bytes, then the audio stalls',
      expected: EXPECTED,
      surfaces: SPEECH_SURFACES,
      run: (surface) => audioCell(surface, stalledSpeech),
    },
    {
      id: '1d',
      edge: '500 to a transcription, then the JSON error body stalls mid-way',
      expected: EXPECTED,
      surfaces: TRANSCRIPTION_SURFACES,
      run: (surface) => audioCell(surface, stalledErrorBody),
    },
  ],
};
