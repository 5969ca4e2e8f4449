/**
 * Fuzzing the PUBLIC stream path over real sockets. packages/core's own properties drive the SSE
 * decoder, `<think>` splitter and tool-call assembler with in-memory byte splits; this adds what
 * only a socket shows: arbitrary TCP chunkings (including mid-UTF-8 and mid-CRLF cuts) through
 * `PolarGridEdge` and the `PolarGrid` SDK surface, garbage between events, wholly arbitrary bodies,
 * and cuts/resets at any byte. Nothing may crash, hang, lose or reorder text.
 */
import {
  type ChatStreamEvent,
  PolarGridEdge,
  isPolarGridError,
  streamChatCompletion,
} from '@polargrid/core';
import { PolarGrid } from '@polargrid/core/sdk';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeSection } from '../src/report/sections.ts';
import {
  cutBytes,
  type ScriptedServer,
  startScriptedServer,
} from '../src/servers/scripted-sse-server.ts';
import { concatBytes, utf8, validStream } from '../src/shared/sse.ts';

const RUNS = Number(process.env.FUZZ_RUNS ?? 40);
const HANG_MS = 5000;

let server: ScriptedServer;
let client: PolarGridEdge;

beforeAll(async () => {
  server = await startScriptedServer();
  client = new PolarGridEdge({
    apiKey: 'pg_fuzz_key_123456',
    baseURL: server.url,
    maxRetries: 0,
    streamIdleTimeout: 2000,
  });
});
const results: string[] = [];

/** Runs a property and records its result for docs/reliability.md. */
async function property(name: string, run: () => Promise<void>): Promise<void> {
  try {
    await run();
    results.push(`| ${name} | ${RUNS} | ✓ |`);
  } catch (error) {
    results.push(`| ${name} | ${RUNS} | ✗ ${String(error).split('\n')[0]} |`);
    throw error;
  }
}

afterAll(async () => {
  await server.close();
  writeSection(
    'fuzz',
    [
      '## Fuzz (fast-check, over real sockets)',
      '',
      'packages/core has in-memory properties for the SSE decoder, the `<think>` splitter and tool-call',
      'assembly. These add what only a socket shows: a loopback server writes each scripted byte segment',
      'as its own flushed write, and the PUBLIC `PolarGridEdge` / `PolarGrid` read it. Each property has a',
      `hang guard of ${HANG_MS} ms per stream. Runs per property: ${RUNS} (env \`FUZZ_RUNS\`).`,
      '',
      '| Property | Runs | Result |',
      '|---|---|---|',
      ...results,
      '',
    ].join('\n'),
  );
});

interface Drained {
  text: string;
  events: ChatStreamEvent[];
}

/** Reads a whole stream; rejects if it does not end within {@link HANG_MS}. */
async function drain(id: string): Promise<Drained> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`stream ${id} hung for ${HANG_MS} ms`)), HANG_MS);
  });
  const read = (async () => {
    const { events } = await streamChatCompletion(
      client,
      { model: 'qwen-3.8-27b', messages: [{ role: 'user', content: 'fuzz' }] },
      { headers: { 'x-script-id': id } },
    );
    const out: Drained = { text: '', events: [] };
    const reader = events.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return out;
      out.events.push(value);
      if (value.type === 'text-delta') out.text += value.text;
    }
  })();
  try {
    return await Promise.race([read, hang]);
  } finally {
    clearTimeout(timer);
  }
}

function terminals(events: ChatStreamEvent[]): ChatStreamEvent[] {
  return events.filter((e) => e.type === 'finish' || e.type === 'error');
}

/** Exactly one terminal event, and it is the last one. */
function expectOneTerminalLast(events: ChatStreamEvent[]): ChatStreamEvent {
  const ends = terminals(events);
  expect(ends).toHaveLength(1);
  expect(events.at(-1)).toBe(ends[0]);
  return ends[0]!;
}

// Text that never opens a `<think>` block (the splitter has its own properties in core).
const deltaText = fc.string({ unit: 'grapheme', maxLength: 12 }).filter((s) => !s.includes('<'));
const texts = fc.array(deltaText, { minLength: 1, maxLength: 10 });
const cuts = fc.array(fc.nat(), { maxLength: 40 });

const JUNK_EVENTS = [
  'data: {not json\n\n',
  'data: {"choices": 5}\n\n',
  'data: null\n\n',
  'data: []\n\n',
  ': keep-alive comment\n\n',
  'retry: 10\n\n',
  'id: 77\n\n',
  'event: pg_metadata\ndata: {"inference_ttft_ms": 12, "inference_total_ms": 40}\n\n',
  'data: {"pg_metadata": {"inference_ttft_ms": 3}}\n\n',
  'data: {"__proto__": {"polluted": true}, "choices": []}\n\n',
  'event: something-new\ndata: {"x": 1}\n\n',
  'data: {"choices": [{"index": 0, "delta": null}]}\n\n',
];
// Arbitrary bytes with no field name an SSE parser would act on, closed as their own event.
const byteJunk = fc
  .uint8Array({ maxLength: 48 })
  .map((b) => new TextDecoder().decode(b).replace(/event|data|:/gi, '_') + '\n\n');
const junk = fc.oneof(fc.constantFrom(...JUNK_EVENTS), byteJunk);

describe('fuzz: the public stream path over a real socket', () => {
  it('any TCP chunking of a valid stream gives exactly the text, in order, then finish stop', async () => {
    await property(
      'any TCP chunking of a valid stream gives exactly the text, in order, then finish stop',
      () =>
        fc.assert(
          fc.asyncProperty(texts, cuts, fc.constantFrom('\n', '\r\n'), async (parts, at, eol) => {
            const body = utf8(validStream(parts).replaceAll('\n', eol));
            const id = server.add({ segments: cutBytes(body, at), ending: 'end' });
            const out = await drain(id);
            expect(out.text).toBe(parts.join(''));
            expect(expectOneTerminalLast(out.events)).toMatchObject({
              type: 'finish',
              reason: 'stop',
            });
          }),
          { numRuns: RUNS },
        ),
    );
  });

  it('garbage between events never loses or reorders text', async () => {
    await property('garbage between events never loses or reorders text', () =>
      fc.assert(
        fc.asyncProperty(
          fc.array(fc.tuple(deltaText, fc.array(junk, { maxLength: 2 })), {
            minLength: 1,
            maxLength: 8,
          }),
          cuts,
          async (pairs, at) => {
            const valid = validStream(pairs.map(([t]) => t));
            // Splice each pair's junk after its own content event (events are '\n\n'-separated).
            const events = valid.split(/(?<=\n\n)/);
            const mixed = [events[0]!];
            for (const [i, [, j]] of pairs.entries()) mixed.push(events[i + 1]!, ...j);
            mixed.push(...events.slice(pairs.length + 1));
            const id = server.add({ segments: cutBytes(utf8(mixed.join('')), at), ending: 'end' });
            const out = await drain(id);
            expect(out.text).toBe(pairs.map(([t]) => t).join(''));
            expect(expectOneTerminalLast(out.events)).toMatchObject({
              type: 'finish',
              reason: 'stop',
            });
            expect(({} as Record<string, unknown>).polluted).toBeUndefined();
          },
        ),
        { numRuns: RUNS },
      ),
    );
  });

  it('a wholly arbitrary body never crashes or hangs, and ends with one terminal event', async () => {
    await property(
      'a wholly arbitrary body never crashes or hangs, and ends with one terminal event',
      () =>
        fc.assert(
          fc.asyncProperty(
            fc.uint8Array({ maxLength: 400 }),
            cuts,
            fc.boolean(),
            async (bytes, at, reset) => {
              const id = server.add({
                segments: cutBytes(bytes, at),
                ending: reset ? 'reset' : 'end',
              });
              const out = await drain(id);
              const end = expectOneTerminalLast(out.events);
              if (end.type === 'error') expect(isPolarGridError(end.error)).toBe(true);
            },
          ),
          { numRuns: RUNS },
        ),
    );
  });

  it('a cut or reset at any byte delivers a prefix of the text and marks the stream interrupted', async () => {
    await property(
      'a cut or reset at any byte delivers a prefix of the text and marks the stream interrupted',
      () =>
        fc.assert(
          fc.asyncProperty(texts, cuts, fc.nat(), fc.boolean(), async (parts, at, cutAt, reset) => {
            const body = utf8(validStream(parts));
            const full = parts.join('');
            const truncated = body.subarray(0, cutAt % body.length);
            const id = server.add({
              segments: cutBytes(truncated, at),
              ending: reset ? 'reset' : 'end',
            });
            const out = await drain(id);
            expect(full.startsWith(out.text)).toBe(true);
            const end = expectOneTerminalLast(out.events);
            // Before the finish chunk, the only honest ending is `interrupted`, with the partial text.
            const finishAt = new TextDecoder().decode(body).lastIndexOf('"finish_reason":"stop"');
            if (truncated.length < finishAt) {
              expect(end).toMatchObject({ type: 'finish', reason: 'interrupted' });
            } else {
              expect(end.type).toBe('finish');
            }
          }),
          { numRuns: RUNS },
        ),
    );
  });

  it('the PolarGrid SDK surface yields every content chunk in order under any chunking', async () => {
    const pg = new PolarGrid({ apiKey: 'pg_fuzz_key_123456', baseURL: server.url, maxRetries: 0 });
    await property(
      'the PolarGrid SDK surface yields every content chunk in order under any chunking',
      () =>
        fc.assert(
          fc.asyncProperty(texts, cuts, async (parts, at) => {
            const id = server.add({
              segments: cutBytes(utf8(validStream(parts)), at),
              ending: 'end',
            });
            let text = '';
            let finish: string | null | undefined;
            for await (const chunk of pg.chatCompletionStream(
              { model: 'qwen-3.8-27b', messages: [{ role: 'user', content: 'fuzz' }] },
              { headers: { 'x-script-id': id } },
            )) {
              text += chunk.choices?.[0]?.delta?.content ?? '';
              finish = chunk.choices?.[0]?.finishReason ?? finish;
            }
            expect(text).toBe(parts.join(''));
            expect(finish).toBe('stop');
          }),
          { numRuns: RUNS },
        ),
    );
  });

  it('the byte cutter covers the whole input (so the properties above test what they claim)', () => {
    const bytes = utf8('abcdef');
    expect(concatBytes(cutBytes(bytes, [2, 4, 4, 9]))).toEqual(bytes);
    expect(cutBytes(bytes, [2, 4]).map((b) => b.length)).toEqual([2, 2, 2]);
  });
});
