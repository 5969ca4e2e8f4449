import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeChatStream } from '../chat-stream-decoder.js';
import type { ChatStreamEvent, FinishEvent } from '../events.js';
import { mapFinishReason } from '../finish-reason.js';
import { ThinkSplitter } from '../think-splitter.js';
import { ToolCallAssembler } from '../tool-call-assembler.js';
import { bodyOf, chunk, collect, last, reasoningOf, textOf } from './helpers.js';

const RUNS = { numRuns: 200 };
const encoder = new TextEncoder();

/**
 * Character-by-character reference for the `<think>` rules (independent of the splitter).
 * `anywhere`: the request asked for reasoning; otherwise a block opens only before any answer
 * text other than whitespace.
 */
function referenceSplit(s: string, anywhere: boolean): { text: string; reasoning: string } {
  const ws = (c: string | undefined) => c === ' ' || c === '\n' || c === '\r' || c === '\t';
  let text = '';
  let reasoning = '';
  let inside = false;
  let skip = false;
  let pending = '';
  const answered = () => [...text].some((c) => !ws(c));
  for (let i = 0; i < s.length; ) {
    if (!inside && s.startsWith('<think>', i) && (anywhere || !answered())) {
      inside = true;
      skip = true;
      pending = '';
      i += 7;
    } else if (inside && s.startsWith('</think>', i)) {
      inside = false;
      skip = true;
      pending = '';
      i += 8;
    } else {
      const c = s[i] as string;
      i++;
      if (skip && ws(c)) continue;
      skip = false;
      if (!inside) text += c;
      else if (ws(c)) pending += c;
      else {
        reasoning += pending + c;
        pending = '';
      }
    }
  }
  return { text, reasoning };
}

/** Splits bytes at the given positions (taken modulo the length; duplicates ignored). */
function splitAt(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => (bytes.length === 0 ? 0 : c % bytes.length)))]
    .filter((c) => c > 0)
    .sort((a, b) => a - b);
  const pieces: Uint8Array[] = [];
  let from = 0;
  for (const p of points) {
    pieces.push(bytes.slice(from, p));
    from = p;
  }
  pieces.push(bytes.slice(from));
  return pieces;
}

function splitString(s: string, cuts: number[]): string[] {
  const points = [...new Set(cuts.map((c) => (s.length === 0 ? 0 : c % (s.length + 1))))].sort(
    (a, b) => a - b,
  );
  const pieces: string[] = [];
  let from = 0;
  for (const p of points) {
    pieces.push(s.slice(from, p));
    from = p;
  }
  pieces.push(s.slice(from));
  return pieces;
}

const tagged = fc
  .array(
    fc.oneof(
      fc.string({ unit: 'binary', maxLength: 8 }),
      fc.constantFrom(
        '<think>',
        '</think>',
        '<',
        '<th',
        'ink>',
        '</',
        '\n',
        ' ',
        'é',
        '😀',
        '<<think>',
      ),
    ),
    { maxLength: 8 },
  )
  .map((parts) => parts.join(''));

const scenario = fc.record({
  contents: fc.array(tagged, { maxLength: 6 }),
  reasoningField: fc.array(fc.string({ unit: 'binary', maxLength: 5 }), { maxLength: 3 }),
  args: fc.option(
    fc.array(fc.string({ unit: 'binary', maxLength: 6 }), { minLength: 1, maxLength: 4 }),
    { nil: undefined },
  ),
  finish: fc.constantFrom('stop', 'length', 'tool_calls', null),
  usage: fc.boolean(),
  done: fc.boolean(),
  metadata: fc.constantFrom('none', 'event', 'data'),
  eol: fc.constantFrom('\n', '\r\n', '\r'),
  reasoningRequested: fc.boolean(),
});
type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

function buildSse(s: Scenario): string {
  const events: string[] = [`data: ${JSON.stringify(chunk({ role: 'assistant', content: '' }))}`];
  for (const r of s.reasoningField)
    events.push(`data: ${JSON.stringify(chunk({ reasoning_content: r }))}`);
  for (const c of s.contents) events.push(`data: ${JSON.stringify(chunk({ content: c }))}`);
  s.args?.forEach((a, i) => {
    const call =
      i === 0
        ? { index: 0, id: 'call_p', function: { name: 'fn', arguments: a } }
        : { index: 0, function: { arguments: a } };
    events.push(`data: ${JSON.stringify(chunk({ tool_calls: [call] }))}`);
  });
  if (s.finish !== null) events.push(`data: ${JSON.stringify(chunk({}, s.finish))}`);
  if (s.usage)
    events.push(
      `data: ${JSON.stringify({ choices: [], usage: { prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 } })}`,
    );
  if (s.metadata === 'event') events.push('event: pg_metadata\ndata: {"inference_ttft_ms":4}');
  if (s.metadata === 'data') events.push('data: {"pg_metadata":{"inference_ttft_ms":4}}');
  if (s.done) events.push('data: [DONE]');
  return events.map((e) => `${e}\n\n`.replaceAll('\n', s.eol)).join('');
}

function summary(events: ChatStreamEvent[]) {
  const finish = last(events) as FinishEvent;
  return {
    text: textOf(events),
    reasoning: reasoningOf(events),
    tools: events.filter((e) => e.type === 'tool-call-end'),
    finish: { type: finish.type, reason: finish.reason, rawReason: finish.rawReason },
    usage: finish.usage?.totalTokens,
    ttft: finish.timings?.inferenceTtftMs,
    metadata: events.filter((e) => e.type === 'metadata').length,
  };
}

function expected(s: Scenario) {
  const split = referenceSplit(s.contents.join(''), s.reasoningRequested);
  const hasTools = s.args !== undefined;
  return {
    text: split.text,
    reasoning: s.reasoningField.join('') + split.reasoning,
    tools: hasTools
      ? [
          {
            type: 'tool-call-end',
            index: 0,
            id: 'call_p',
            name: 'fn',
            arguments: (s.args ?? []).join(''),
          },
        ]
      : [],
    finish: {
      type: 'finish',
      reason: s.finish !== null || s.done ? mapFinishReason(s.finish, hasTools) : 'interrupted',
      rawReason: s.finish,
    },
    usage: s.usage ? 3 : undefined,
    ttft: s.metadata === 'none' ? undefined : 4,
    metadata: 1,
  };
}

describe('stream properties', () => {
  it('any byte split of a valid stream decodes to the same events', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, fc.array(fc.nat(), { maxLength: 24 }), async (s, cuts) => {
        const bytes = encoder.encode(buildSse(s));
        const events = await collect(
          decodeChatStream(bodyOf(splitAt(bytes, cuts)), {
            reasoningRequested: s.reasoningRequested,
          }),
        );
        expect(summary(events)).toEqual(expected(s));
      }),
      RUNS,
    );
  });

  it('garbage between events never throws, hangs, loses or reorders the valid text', async () => {
    const text = fc
      .string({ unit: 'binary', minLength: 1, maxLength: 6 })
      .filter((t) => !t.includes('<'));
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(text, fc.uint8Array({ maxLength: 40 })), { maxLength: 6 }),
        fc.array(fc.nat(), { maxLength: 12 }),
        async (parts, cuts) => {
          const blocks: Uint8Array[] = [];
          for (const [t, garbage] of parts) {
            blocks.push(encoder.encode(`data: ${JSON.stringify(chunk({ content: t }))}\n\n`));
            blocks.push(garbage, encoder.encode('\n\n'));
          }
          blocks.push(encoder.encode(`data: ${JSON.stringify(chunk({}, 'stop'))}\n\n`));
          const all = new Uint8Array(blocks.reduce((n, b) => n + b.length, 0));
          let at = 0;
          for (const b of blocks) {
            all.set(b, at);
            at += b.length;
          }
          const events = await collect(decodeChatStream(bodyOf(splitAt(all, cuts))));
          expect(textOf(events)).toBe(parts.map(([t]) => t).join(''));
          expect(last(events)).toMatchObject({ type: 'finish', reason: 'stop' });
        },
      ),
      RUNS,
    );
  });

  it('the think splitter matches the reference under any chunking', () => {
    fc.assert(
      fc.property(
        tagged,
        fc.array(fc.nat(), { maxLength: 12 }),
        fc.boolean(),
        (s, cuts, anywhere) => {
          let text = '';
          let reasoning = '';
          const splitter = new ThinkSplitter(
            (t) => {
              expect(t).not.toBe('');
              text += t;
            },
            (r) => {
              expect(r).not.toBe('');
              reasoning += r;
            },
            { reasoningRequested: anywhere },
          );
          for (const piece of splitString(s, cuts)) splitter.push(piece);
          splitter.flush();
          expect({ text, reasoning }).toEqual(referenceSplit(s, anywhere));
        },
      ),
      RUNS,
    );
  });

  it('tool-call arguments assemble identically under any fragmentation', () => {
    const call = fc.record({
      args: fc.string({ unit: 'binary', maxLength: 30 }),
      cuts: fc.array(fc.nat(), { maxLength: 8 }),
    });
    fc.assert(
      fc.property(
        fc.array(call, { minLength: 1, maxLength: 3 }),
        fc.boolean(),
        (calls, dropIndex) => {
          const ends: ChatStreamEvent[] = [];
          const deltas = new Map<number, string>();
          const assembler = new ToolCallAssembler((e) => {
            if (e.type === 'tool-call-end') ends.push(e);
            if (e.type === 'tool-call-delta')
              deltas.set(e.index, (deltas.get(e.index) ?? '') + e.argumentsDelta);
          });
          calls.forEach((c, index) => {
            splitString(c.args, c.cuts).forEach((piece, i) => {
              const first = i === 0;
              assembler.push({
                // Continuations without index attach to the last call (calls are sequential here).
                ...(first || !dropIndex ? { index } : {}),
                ...(first
                  ? { id: `id${index}`, function: { name: `f${index}`, arguments: piece } }
                  : { function: { arguments: piece } }),
              });
            });
          });
          assembler.end();
          expect(ends).toEqual(
            calls.map((c, index) => ({
              type: 'tool-call-end',
              index,
              id: `id${index}`,
              name: `f${index}`,
              arguments: c.args,
            })),
          );
          calls.forEach((c, index) => {
            expect(deltas.get(index) ?? '').toBe(c.args);
          });
        },
      ),
      RUNS,
    );
  });
});
