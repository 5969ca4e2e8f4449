/**
 * Bad input, as a table: each entry must give a clear, typed error on every surface, before any
 * request leaves the process wherever the client can know (zero requests reach the emulator).
 */
import { type EdgeEmulator, startEdgeEmulator } from '@polargrid/edge-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gate } from '../src/report/known-issues.ts';
import { cell, writeSection } from '../src/report/sections.ts';
import { type CapturedRequest, recordingFetch } from '../src/security/secrets.ts';
import {
  AUDIO_SURFACES,
  runAudio,
  type SpeechInput,
  type TranscriptionInput,
} from '../src/surfaces/audio.ts';
import type { ErrorView } from '../src/surfaces/errors.ts';
import {
  type ChatParams,
  type ConnectionOptions,
  runSurface,
  SURFACES,
} from '../src/surfaces/surfaces.ts';

const MODEL = 'qwen-3.8-27b';

interface BadInput {
  /** Stable id (docs, known issues). */
  id: string;
  name: string;
  /** The core class underneath (or the framework's own validation class). */
  expect: string[];
  /** The message must name what is wrong. */
  mentions: RegExp;
  /** The client can know without asking the network. */
  beforeNetwork: boolean;
  conn?: Partial<ConnectionOptions>;
  chat?: Partial<ChatParams>;
  audio?: SpeechInput | TranscriptionInput;
  note?: string;
  /**
   * Surfaces whose framework convention is a warning, not an error (the AI SDK reports unsupported
   * settings as warnings and carries on): the call may succeed, but must return a warning naming it.
   */
  warnsOn?: string[];
}

const VALIDATION = ['ValidationError', 'AI_InvalidArgumentError'];
const CONFIG = ['ConfigurationError', 'AI_LoadAPIKeyError', 'AI_LoadSettingError'];

const TABLE: BadInput[] = [
  {
    id: 'unknown region',
    name: 'unknown region `atlantis-01`',
    expect: CONFIG,
    mentions: /region/i,
    beforeNetwork: true,
    conn: { region: 'atlantis-01' },
  },
  {
    id: 'empty key',
    name: 'empty key',
    expect: CONFIG,
    mentions: /key/i,
    beforeNetwork: true,
    conn: { apiKey: '' },
  },
  {
    id: 'malformed key',
    name: 'malformed key `sk-…`',
    expect: CONFIG,
    mentions: /key/i,
    beforeNetwork: true,
    conn: { apiKey: 'sk-not-a-polargrid-key' },
  },
  {
    id: 'key with a space',
    name: 'key with a space',
    expect: CONFIG,
    mentions: /key/i,
    beforeNetwork: true,
    conn: { apiKey: 'pg_abc def_123' },
  },
  {
    id: 'unknown model',
    name: 'unknown model',
    expect: ['NotFoundError'],
    mentions: /no-such-model-9000/,
    beforeNetwork: false,
    chat: { model: 'no-such-model-9000' },
    note: 'model ids are data (D8): only the autorouter/edge can say; a 404 naming the model',
  },
  {
    id: 'empty model id',
    name: 'empty model id',
    expect: VALIDATION,
    mentions: /model/i,
    beforeNetwork: true,
    chat: { model: '' },
  },
  {
    id: '5 stop sequences',
    name: '5 stop sequences',
    expect: VALIDATION,
    mentions: /stop/i,
    beforeNetwork: true,
    chat: { stop: ['a', 'b', 'c', 'd', 'e'] },
  },
  {
    id: 'temperature high',
    name: 'temperature 2.5',
    expect: VALIDATION,
    mentions: /temperature/i,
    beforeNetwork: true,
    chat: { temperature: 2.5 },
  },
  {
    id: 'temperature negative',
    name: 'temperature −0.1',
    expect: VALIDATION,
    mentions: /temperature/i,
    beforeNetwork: true,
    chat: { temperature: -0.1 },
  },
  {
    id: 'top_p high',
    name: 'top_p 1.5',
    expect: VALIDATION,
    mentions: /top_?p/i,
    beforeNetwork: true,
    chat: { topP: 1.5 },
  },
  {
    id: 'max_tokens zero',
    name: 'max_tokens 0',
    expect: VALIDATION,
    mentions: /max_?(output_?)?tokens/i,
    beforeNetwork: true,
    chat: { maxTokens: 0 },
  },
  {
    id: 'max_tokens high',
    name: 'max_tokens 5000 (> 4096)',
    expect: VALIDATION,
    mentions: /max_?(output_?)?tokens/i,
    beforeNetwork: true,
    chat: { maxTokens: 5000 },
  },
  {
    id: 'oversized input',
    name: 'oversized input (64 MiB prompt, certainly past the 256K-token context window)',
    expect: [...VALIDATION, 'ContextOverflowError'],
    mentions: /context|too (long|large)|size|exceed/i,
    beforeNetwork: true,
    // Rule 8: only a prompt that certainly exceeds the window is refused before the network;
    // no tokenizer packs more than 256 bytes into one token (a 2 MiB prompt may well fit).
    chat: { prompt: 'x'.repeat(256 * 262_144 + 1) },
    note: 'the catalogue knows the context window; 256 bytes/token is beyond any tokenizer',
  },
  {
    id: 'empty speech input',
    name: 'empty speech input',
    expect: VALIDATION,
    mentions: /input|text/i,
    beforeNetwork: true,
    audio: { kind: 'speech', input: '' },
  },
  {
    id: 'whitespace speech input',
    name: 'whitespace speech input',
    expect: VALIDATION,
    mentions: /input|text/i,
    beforeNetwork: true,
    audio: { kind: 'speech', input: '   ' },
  },
  {
    id: 'speech format flac',
    name: 'speech format `flac`',
    expect: VALIDATION,
    mentions: /format/i,
    beforeNetwork: true,
    audio: { kind: 'speech', input: 'Hello', format: 'flac' },
    warnsOn: ['ai.audio'],
    note: 'ai.audio: AI SDK convention — an unsupported `outputFormat` is a warning and falls back to wav',
  },
  {
    id: 'speech speed',
    name: 'speech speed 10',
    expect: VALIDATION,
    mentions: /speed/i,
    beforeNetwork: true,
    audio: { kind: 'speech', input: 'Hello', speed: 10 },
  },
  {
    id: 'wrong audio type',
    name: 'wrong audio type (a PDF)',
    expect: VALIDATION,
    mentions: /audio|type|format|file/i,
    beforeNetwork: true,
    audio: {
      kind: 'transcription',
      file: new Blob(['%PDF-1.7\n%âãÏÓ\n1 0 obj'], { type: 'application/pdf' }),
    },
    note: 'the Blob type (and magic bytes) say it is not audio',
  },
  {
    id: 'empty audio file',
    name: 'empty audio file',
    expect: VALIDATION,
    mentions: /empty|file|audio/i,
    beforeNetwork: true,
    audio: { kind: 'transcription', file: new Blob([], { type: 'audio/wav' }) },
  },
];

let emulator: EdgeEmulator;
const rows: string[] = [];
const savedKey = process.env.POLARGRID_API_KEY;

beforeAll(async () => {
  delete process.env.POLARGRID_API_KEY;
  emulator = await startEdgeEmulator({ timing: { ttftMs: 0, tokensPerSecond: 0 } });
});

afterAll(async () => {
  if (savedKey !== undefined) process.env.POLARGRID_API_KEY = savedKey;
  await emulator?.close();
  writeSection(
    'bad-input',
    [
      '## Bad input',
      '',
      'Each bad input on every surface that accepts it (LangChain has no audio classes). A cell passes',
      "when the error is typed (the core class, or the framework's own validation class), names the",
      'problem, and — where the client can know — no request left the process.',
      '',
      '| Input | Surface | Observed | Requests | ✓ | Note |',
      '|---|---|---|---|---|---|',
      ...rows,
      '',
    ].join('\n'),
  );
});

function classes(e: ErrorView | undefined): string {
  if (!e) return 'no error';
  return e.coreName && e.coreName !== e.name ? `${e.name}(${e.coreName})` : e.name;
}

describe('bad input', () => {
  for (const bad of TABLE) {
    it(bad.name, async () => {
      const problems: string[] = [];
      const surfaces = bad.audio ? AUDIO_SURFACES : SURFACES;
      for (const surface of surfaces) {
        emulator.resetRequests();
        const captured: CapturedRequest[] = [];
        const conn: ConnectionOptions = {
          ...emulator.clientOptions(),
          fetch: recordingFetch(captured),
          ...bad.conn,
        };
        const observed = bad.audio
          ? await runAudio(surface as (typeof AUDIO_SURFACES)[number], conn, bad.audio)
          : await runSurface(
              surface as (typeof SURFACES)[number],
              conn,
              { model: MODEL, prompt: 'Hello', ...bad.chat },
              { maxRetries: 0 },
            );
        const e = observed.error;
        const found: string[] = [];
        const warnings = 'warnings' in observed ? observed.warnings : [];
        if (bad.warnsOn?.includes(surface) && observed.ok) {
          if (!warnings.some((w) => bad.mentions.test(w)))
            found.push('succeeded without a warning');
          rows.push(
            `| ${cell(bad.name)} | ${surface} | warning: ${cell(warnings.join(' ').slice(0, 140))} | ${captured.length} | ${found.length === 0 ? '✓' : `✗ ${cell(found.join('; '))}`} | ${cell(bad.note ?? '')} |`,
          );
          problems.push(...found.map((f) => `${surface}: ${f}`));
          continue;
        }
        if (observed.ok || !e) found.push('no error');
        else {
          const typed =
            bad.expect.includes(e.name) ||
            (e.coreName !== undefined && bad.expect.includes(e.coreName));
          if (!typed) found.push(`untyped: ${classes(e)}`);
          if (!bad.mentions.test(e.message))
            found.push(`message does not name the problem: "${e.message.slice(0, 120)}"`);
        }
        const sent = captured.length + emulator.requests.length;
        if (bad.beforeNetwork && sent > 0)
          found.push(`${captured.length} request(s) left the process`);
        const verdict = gate(`bad-input/${bad.id}/${surface}`, found);
        rows.push(
          `| ${cell(bad.name)} | ${surface} | ${cell(classes(e))}: ${cell((e?.message ?? '').slice(0, 110))} | ${captured.length} | ${cell(verdict.mark)} | ${cell(bad.note ?? '')} |`,
        );
        problems.push(...verdict.failing.map((f) => `${surface}: ${f}`));
      }
      expect(problems).toEqual([]);
    });
  }
});
