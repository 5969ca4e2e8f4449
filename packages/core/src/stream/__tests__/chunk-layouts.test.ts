import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeChatStream } from '../chat-stream-decoder.js';
import type { ChatStreamEvent } from '../events.js';
import { bodyOf, collect, textOf } from './helpers.js';

/**
 * Decodes `sse` (cut into `pieces`) without and with `includeRaw`. Apart from the `raw` events,
 * the two must be identical: asking for raw payloads never changes what is decoded.
 */
async function bothWays(sse: string, pieces = 1): Promise<[ChatStreamEvent[], ChatStreamEvent[]]> {
  const split = (s: string) => {
    const size = Math.max(1, Math.ceil(s.length / pieces));
    const out: string[] = [];
    for (let i = 0; i < s.length; i += size) out.push(s.slice(i, i + size));
    return out;
  };
  const plain = await collect(decodeChatStream(bodyOf(split(sse))));
  const withRaw = (
    await collect(decodeChatStream(bodyOf(split(sse)), { includeRaw: true }))
  ).filter((e) => e.type !== 'raw');
  return [plain, withRaw];
}

const head = (id: string) => ({ id, object: 'chat.completion.chunk', created: 1, model: 'm' });
const frame = (p: unknown) => `data: ${JSON.stringify(p)}\n\n`;
const content = (id: string, text: string) =>
  frame({ ...head(id), choices: [{ index: 0, delta: { content: text }, finish_reason: null }] });
/** vLLM's (and the emulator's) layout: `logprobs` after the delta, a fingerprint up front. */
const vllm = (text: string) =>
  frame({
    ...head('v'),
    system_fingerprint: 'fp',
    choices: [{ index: 0, delta: { content: text }, logprobs: null, finish_reason: null }],
  });

const text = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 10 }),
  fc.constantFrom('', '"', '\\', '\n', '\u0000', '<think>', '</think>', '<', 'é😀', '"},"x'),
);
/** A frame that is not plain content: each must keep its effects. */
const other = fc.oneof(
  text.map((t) =>
    frame({
      ...head('a'),
      choices: [{ index: 0, delta: { reasoning_content: t }, finish_reason: null }],
    }),
  ),
  text.map((t) =>
    frame({
      ...head('a'),
      choices: [{ index: 0, delta: { content: t, role: 'assistant' }, finish_reason: null }],
    }),
  ),
  // Reasoning next to content: both must be emitted every time.
  fc.tuple(text, text).map(([t, r]) =>
    frame({
      ...head('a'),
      choices: [{ index: 0, delta: { content: t, reasoning: r }, finish_reason: null }],
    }),
  ),
  fc.constant(frame({ ...head('a'), choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] })),
  fc.constant(
    frame({
      ...head('a'),
      choices: [
        {
          index: 0,
          delta: { tool_calls: [{ index: 0, id: 'c', function: { name: 'f', arguments: '{}' } }] },
          finish_reason: null,
        },
      ],
    }),
  ),
  fc.constant(
    frame({
      ...head('a'),
      choices: [],
      usage: { prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 },
    }),
  ),
  fc.constant('event: pg_metadata\ndata: {"inference_ttft_ms":4}\n\n'),
  fc.constant(': keep-alive\n\n'),
  // Two choices: only index 0 counts; the text of index 1 never mixes into the answer.
  text.map((t) =>
    frame({
      ...head('a'),
      choices: [
        { index: 0, delta: { content: 'zero' }, finish_reason: null },
        { index: 1, delta: { content: t }, finish_reason: null },
      ],
    }),
  ),
);
const frames = fc.array(
  fc.oneof(
    {
      weight: 4,
      arbitrary: fc
        .tuple(fc.constantFrom('a', 'a', 'b', 'm'), text)
        .map(([id, t]) => content(id, t)),
    },
    { weight: 2, arbitrary: text.map(vllm) },
    { weight: 1, arbitrary: other },
  ),
  { maxLength: 20 },
);

describe('chat decoder on chunk layouts', () => {
  it('decodes the same with and without includeRaw for any mix of chunks and splits', async () => {
    await fc.assert(
      fc.asyncProperty(
        frames,
        fc.boolean(),
        fc.integer({ min: 1, max: 7 }),
        async (fs, done, pieces) => {
          const sse = fs.join('') + (done ? 'data: [DONE]\n\n' : '');
          const [plain, withRaw] = await bothWays(sse, pieces);
          expect(plain).toEqual(withRaw);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('keeps the finish reason and usage of a chunk laid out like the plain ones before it', async () => {
    const first = content('a', 'one');
    // Same bytes up to the text; the tail carries a finish reason and usage instead.
    const tricky = `data: ${JSON.stringify({ ...head('a'), choices: [{ index: 0, delta: { content: 'two' }, finish_reason: 'length' }], usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 } })}\n\n`;
    const [plain, withRaw] = await bothWays(first + content('a', ' x') + tricky);
    expect(plain).toEqual(withRaw);
    const finish = plain.at(-1);
    expect(finish).toMatchObject({ type: 'finish', reason: 'length', usage: { totalTokens: 2 } });
    expect(
      plain.filter((e) => e.type === 'text-delta').map((e) => (e as { text: string }).text),
    ).toEqual(['one', ' x', 'two']);
  });

  it('never mixes the text of choice 1 into the answer', async () => {
    const two = (second: string) =>
      frame({
        ...head('a'),
        choices: [
          { index: 0, delta: { content: 'zero' }, finish_reason: null },
          { index: 1, delta: { content: second }, finish_reason: null },
        ],
      });
    const [plain, withRaw] = await bothWays(two('zero') + two('one'));
    expect(plain).toEqual(withRaw);
    const texts = plain
      .filter((e) => e.type === 'text-delta')
      .map((e) => (e as { text: string }).text);
    expect(texts).toEqual(['zero', 'zero']);
  });

  it('finds the text even when another field has the same value', async () => {
    // Hand-written layout: a space after `"content":` and a later field equal to the text.
    const raw = (content: string, tag: string) =>
      `data: {"id":"a","choices":[{"index":0,"delta":{"content": "${content}"},"finish_reason":null,"tag":"${tag}"}]}\n\n`;
    const [plain, withRaw] = await bothWays(raw('m', 'm') + raw('m', 'zz') + raw('x', 'm'));
    expect(plain).toEqual(withRaw);
    const texts = plain
      .filter((e) => e.type === 'text-delta')
      .map((e) => (e as { text: string }).text);
    expect(texts).toEqual(['m', 'm', 'x']);
  });

  it('keeps reasoning and finish reasons that arrive beside content', async () => {
    const withReasoning = (t: string) =>
      frame({
        ...head('a'),
        choices: [{ index: 0, delta: { content: t, reasoning: 'hm' }, finish_reason: null }],
      });
    const withReason = (t: string, reason: string) =>
      frame({
        ...head('a'),
        choices: [{ index: 0, delta: { content: t }, finish_reason: reason }],
      });
    for (const sse of [
      withReasoning('a') + withReasoning('b'),
      withReason('a', 'length') + withReason('', 'stop') + withReason('b', 'length'),
    ]) {
      const [plain, withRaw] = await bothWays(sse);
      expect(plain).toEqual(withRaw);
    }
  });

  it('unescapes text with quotes, backslashes and newlines', async () => {
    const [plain, withRaw] = await bothWays(content('a', 'x') + content('a', 'say "hi"\\\n'));
    expect(plain).toEqual(withRaw);
    expect(
      plain.filter((e) => e.type === 'text-delta').map((e) => (e as { text: string }).text),
    ).toEqual(['x', 'say "hi"\\\n']);
  });

  it('unescapes text however the server escapes it', async () => {
    const [plain, withRaw] = await bothWays(
      content('a', 'say "hi"\n') + content('a', 'x') + content('a', 'tab\there \\ é'),
    );
    expect(plain).toEqual(withRaw);
    expect(
      plain.filter((e) => e.type === 'text-delta').map((e) => (e as { text: string }).text),
    ).toEqual(['say "hi"\n', 'x', 'tab\there \\ é']);
    // ASCII-only escapes (Python's json.dumps default), not how JSON.stringify writes `é`.
    const ascii = (t: string) =>
      `data: {"id":"a","choices":[{"index":0,"delta":{"content":"${t}"},"finish_reason":null}]}\n\n`;
    const [plain2, withRaw2] = await bothWays(
      ascii('caf\\u00e9') + ascii('na\\u00efve') + ascii('plain') + ascii('\\u00e9t\\u00e9'),
    );
    expect(plain2).toEqual(withRaw2);
    expect(textOf(plain2)).toBe('cafénaïveplainété');
  });
});
