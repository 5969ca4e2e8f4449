/**
 * Issue 21, rule 2: property-based tests for every parser of untrusted bytes or text (the
 * sentence splitter's are in voice-sentences-linear.test.ts). Invariants: it terminates within a
 * step budget, throws only typed errors, loses no input, and keeps the input's order.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describeServed, modelEntries } from '../src/routing/live-catalog.js';
import { ValidationError } from '../src/errors/error-classes.js';
import { parseErrorBody } from '../src/errors/parse-error-body.js';
import { PolarGridError } from '../src/errors/polargrid-error.js';
import { decodeChatStream } from '../src/stream/chat-stream-decoder.js';
import type { ChatStreamEvent } from '../src/stream/events.js';
import { AudioCutter } from '../src/voice/audio-cutter.js';
import { AudioSegmenter } from '../src/voice/audio-segmenter.js';
import { pcmToWav, readWavHead } from '../src/voice/wav.js';
import { measureWork } from './helpers/work-meter.js';

const RUNS = { numRuns: 150 };
const encoder = new TextEncoder();

/** `bytes` cut at `cuts` (any positions, any order). */
function splitAt(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let at = 0;
  for (const p of points) {
    out.push(bytes.subarray(at, p));
    at = p;
  }
  out.push(bytes.subarray(at));
  return out;
}

function bodyOf(pieces: Uint8Array[]): ReadableStream<Uint8Array> {
  let i = 0;
  return new ReadableStream({
    pull(controller) {
      if (i < pieces.length) controller.enqueue(pieces[i++]!);
      else controller.close();
    },
  });
}

/** Reads a stream to its end, or fails the property if it is still going after `ms`. */
async function within<T>(stream: ReadableStream<T>, ms: number): Promise<T[]> {
  const out: T[] = [];
  const reader = stream.getReader();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no end within ${ms} ms`)), ms);
  });
  try {
    for (;;) {
      const next = await Promise.race([reader.read(), hang]);
      if (next.done) return out;
      out.push(next.value);
    }
  } finally {
    clearTimeout(timer);
  }
}

describe('SSE decoder', () => {
  /** Lines an SSE body is made of: data, comments, fields, garbage. */
  const line = fc.oneof(
    fc.constantFrom(
      'data: [DONE]',
      'data: {"choices":[{"index":0,"delta":{"content":"a"}}]}',
      'data: {"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}',
      'data: {"error":{"message":"boom"}}',
      'data: {"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{"}}]}}]}',
      ': comment',
      'event: metadata',
      'retry: 10',
      '',
    ),
    fc.string({ unit: 'binary', maxLength: 30 }).map((s) => `data: ${s}`),
    fc.string({ unit: 'binary', maxLength: 30 }),
  );

  it('any body ends, with exactly one terminal event, in a bounded number of events; errors are typed', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(line, { maxLength: 40 }),
        fc.constantFrom('\n', '\r\n', '\r'),
        fc.array(fc.nat(), { maxLength: 10 }),
        async (lines, eol, cuts) => {
          const bytes = encoder.encode(lines.join(eol));
          const events = await within(decodeChatStream(bodyOf(splitAt(bytes, cuts))), 3_000);
          const terminal = events.filter((e) => e.type === 'finish' || e.type === 'error');
          expect(terminal).toHaveLength(1);
          expect(['finish', 'error']).toContain(events.at(-1)?.type);
          // A step budget: never more events than lines, plus the start and the end.
          expect(events.length).toBeLessThanOrEqual(lines.length * 3 + 4);
          for (const event of events) {
            if (event.type === 'error') expect(event.error).toBeInstanceOf(PolarGridError);
          }
        },
      ),
      RUNS,
    );
  });

  it('text deltas come out in input order and whole, whatever the chunking', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 8 }), { maxLength: 12 }),
        fc.array(fc.nat(), { maxLength: 16 }),
        async (texts, cuts) => {
          const body = `${texts
            .map(
              (t) =>
                `data: ${JSON.stringify({ choices: [{ index: 0, delta: { content: t } }] })}\n\n`,
            )
            .join('')}data: [DONE]\n\n`;
          const events: ChatStreamEvent[] = await within(
            decodeChatStream(bodyOf(splitAt(encoder.encode(body), cuts))),
            3_000,
          );
          const text = events.map((e) => (e.type === 'text-delta' ? e.text : '')).join('');
          expect(text.replace(/<\/?think>/g, '')).toBe(texts.join('').replace(/<\/?think>/g, ''));
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe('error-body parser', () => {
  it('never throws, does linear work, and keeps the server message whole', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'binary', maxLength: 400 }),
          fc.jsonValue().map((v) => JSON.stringify(v)),
          fc.string({ maxLength: 80 }).map((m) => JSON.stringify({ error: { message: m } })),
          fc.string({ maxLength: 80 }).map((m) => JSON.stringify({ detail: m })),
          fc.string({ maxLength: 80 }).map((m) => `<html><body><h1>${m}</h1></body></html>`),
        ),
        (text) => {
          const { result: parsed } = measureWork(40 * text.length + 2_000, () =>
            parseErrorBody(text),
          );
          expect(parsed.message === undefined || typeof parsed.message === 'string').toBe(true);
          expect(parsed.code === undefined || typeof parsed.code === 'string').toBe(true);
          const json = (() => {
            try {
              return JSON.parse(text) as unknown;
            } catch {
              return undefined;
            }
          })();
          const error = (json as { error?: { message?: unknown } } | undefined)?.error;
          if (typeof error?.message === 'string' && error.message !== '')
            expect(parsed.message).toBe(error.message);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('catalogue reader', () => {
  const entry = fc.record(
    {
      id: fc.oneof(
        fc.string({ maxLength: 12 }),
        fc.constantFrom('constructor', '__proto__', 'qwen-3.8-27b'),
        fc.integer(),
      ),
      pg_model_type: fc.oneof(
        fc.constantFrom(
          'llm',
          'chat',
          'tts',
          'stt',
          'embedding',
          'constructor',
          'toString',
          '__proto__',
          'hasOwnProperty',
        ),
        fc.string({ maxLength: 10 }),
        fc.integer(),
      ),
      context_length: fc.oneof(
        fc.integer(),
        fc.double(),
        fc.constantFrom(1e300, -1, 0, 131_072),
        fc.string(),
      ),
      capabilities: fc.oneof(
        fc.constant(null),
        fc.dictionary(
          fc.constantFrom('tools', 'vision', 'constructor', '__proto__'),
          fc.jsonValue(),
        ),
      ),
    },
    { requiredKeys: [] },
  );

  it('reads any list: only string ids, in order; types from the known set; windows in range; nothing thrown', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.jsonValue(),
          fc.record({ data: fc.array(fc.oneof(entry, fc.jsonValue()), { maxLength: 12 }) }),
        ),
        (body) => {
          const entries = modelEntries(body);
          const data = (body as { data?: unknown })?.data;
          const expectedIds = Array.isArray(data)
            ? data.flatMap((item) =>
                item !== null &&
                typeof item === 'object' &&
                !Array.isArray(item) &&
                typeof (item as { id?: unknown }).id === 'string'
                  ? [(item as { id: string }).id]
                  : [],
              )
            : [];
          expect(entries.map((e) => e.id)).toEqual(expectedIds);
          for (const e of entries) {
            const model = describeServed({ entry: e, regions: ['yto-01'] });
            expect([undefined, 'chat', 'tts', 'stt', 'embedding']).toContain(model.type);
            const window = model.capabilities?.contextWindow;
            if (window !== undefined) {
              expect(Number.isInteger(window)).toBe(true);
              expect(window).toBeGreaterThan(0);
              expect(window).toBeLessThanOrEqual(10_000_000);
            }
            for (const w of model.warnings) expect(typeof w).toBe('string');
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('WAV/PCM reader and segmenter', () => {
  /** A valid WAV header with any field replaced by any value, or bytes with no shape at all. */
  const wavBytes = fc.oneof(
    fc.uint8Array({ maxLength: 200 }),
    fc
      .tuple(
        fc.nat({ max: 43 }),
        fc.integer({ min: 0, max: 255 }),
        fc.constantFrom(8_000, 24_000, 48_000),
        fc.integer({ min: 1, max: 8 }),
      )
      .map(([at, value, sampleRate, channels]) => {
        const wav = pcmToWav(new Uint8Array(960 * channels), { sampleRate, channels });
        wav[at] = value;
        return wav;
      }),
  );

  it('the header reader never throws, and accepts only formats in bounds', () => {
    fc.assert(
      fc.property(wavBytes, (bytes) => {
        const head = readWavHead(bytes);
        expect(['need-more', 'not-wav', 'invalid', 'wav']).toContain(head.kind);
        if (head.kind === 'wav') {
          expect(head.format.channels).toBeGreaterThanOrEqual(1);
          expect(head.format.channels).toBeLessThanOrEqual(8);
          expect(head.format.sampleRate).toBeGreaterThanOrEqual(8_000);
          expect(head.format.sampleRate).toBeLessThanOrEqual(192_000);
          expect(head.bitsPerSample % 8).toBe(0);
          expect(head.dataOffset).toBeLessThanOrEqual(bytes.length);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('a WAV stream in any chunking throws only ValidationError, and when read, loses no audio and keeps its order', () => {
    fc.assert(
      fc.property(wavBytes, fc.array(fc.nat(), { maxLength: 8 }), (bytes, cuts) => {
        const cutter = new AudioCutter(
          'audio/wav',
          { sampleRate: 24_000, channels: 1 },
          { silenceThreshold: 0 },
        );
        const files: { file: Blob; startSecond?: number }[] = [];
        try {
          for (const piece of splitAt(bytes, cuts)) files.push(...cutter.push(piece));
          files.push(...cutter.flush());
        } catch (error) {
          expect(error).toBeInstanceOf(ValidationError);
          return;
        }
        const starts = files.flatMap((f) => (f.startSecond === undefined ? [] : [f.startSecond]));
        expect(starts).toEqual([...starts].sort((a, b) => a - b));
      }),
      { numRuns: 300 },
    );
  });

  it('the segmenter gives the same segments, in order and covering all the audio, under any chunking', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 2, maxLength: 6_000 }),
        fc.array(fc.nat(), { maxLength: 12 }),
        fc.integer({ min: 1, max: 2 }),
        (noise, cuts, channels) => {
          const options = { sampleRate: 8_000, channels, maxSegmentMs: 100, silenceThreshold: 0 };
          const whole = new AudioSegmenter(options);
          const expected = [...whole.push(noise), whole.flush()].filter((s) => s !== undefined);
          const pieces = new AudioSegmenter(options);
          const got = [
            ...splitAt(noise, cuts).flatMap((p) => pieces.push(p)),
            pieces.flush(),
          ].filter((s) => s !== undefined);
          expect(got).toEqual(expected);
          // With a threshold of 0 no whole frame is silent: every byte of every whole 10 ms frame
          // is in a segment, in order (a tail shorter than a frame is kept only with speech before it).
          const frameBytes = 80 * channels * 2;
          const total = got.reduce((n, s) => n + s.pcm.byteLength, 0);
          expect(total).toBeGreaterThanOrEqual(Math.floor(noise.length / frameBytes) * frameBytes);
          expect(total).toBeLessThanOrEqual(noise.length - (noise.length % 2));
          for (let i = 1; i < got.length; i++)
            expect(got[i]!.startSecond).toBe(got[i - 1]!.endSecond);
        },
      ),
      RUNS,
    );
  });
});
