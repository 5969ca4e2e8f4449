import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { decodeChatStream } from '../chat-stream-decoder.js';
import type { ChatStreamEvent } from '../events.js';
import { bodyOf, collect, textOf } from './helpers.js';

/**
 * The chat decoder takes the text of a chunk that matches the previous plain content chunk
 * (same bytes up to the text, same tail) without `JSON.parse`. `includeRaw` turns that fast
 * path off (every payload must be parsed for its `raw` event), so decoding with it and dropping
 * the `raw` events is the reference the fast path must match exactly.
 */
async function bothWays(sse: string, pieces = 1): Promise<[ChatStreamEvent[], ChatStreamEvent[]]> {
  const split = (s: string) => {
    const size = Math.max(1, Math.ceil(s.length / pieces));
    const out: string[] = [];
    for (let i = 0; i < s.length; i += size) out.push(s.slice(i, i + size));
    return out;
  };
  const fast = await collect(decodeChatStream(bodyOf(split(sse))));
  const slow = (await collect(decodeChatStream(bodyOf(split(sse)), { includeRaw: true }))).filter(
    (e) => e.type !== 'raw',
  );
  return [fast, slow];
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
/** A frame that is not plain content: each must take the full path and keep its effects. */
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
  // Reasoning next to content: both must be emitted every time, so never a template.
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
  // Two choices: only index 0 counts, so a chunk whose text belongs to index 1 is not plain.
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

describe('chat decoder content fast path', () => {
  it('gives exactly the events of the full JSON path for any mix of chunks and splits', async () => {
    await fc.assert(
      fc.asyncProperty(
        frames,
        fc.boolean(),
        fc.integer({ min: 1, max: 7 }),
        async (fs, done, pieces) => {
          const sse = fs.join('') + (done ? 'data: [DONE]\n\n' : '');
          const [fast, slow] = await bothWays(sse, pieces);
          expect(fast).toEqual(slow);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('does not take a chunk with the same head but more after the text for plain content', async () => {
    const plain = content('a', 'one');
    // Same bytes up to the text; the tail carries a finish reason and usage instead.
    const tricky = `data: ${JSON.stringify({ ...head('a'), choices: [{ index: 0, delta: { content: 'two' }, finish_reason: 'length' }], usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 } })}\n\n`;
    const [fast, slow] = await bothWays(plain + content('a', ' x') + tricky);
    expect(fast).toEqual(slow);
    const finish = fast.at(-1);
    expect(finish).toMatchObject({ type: 'finish', reason: 'length', usage: { totalTokens: 2 } });
    expect(
      fast.filter((e) => e.type === 'text-delta').map((e) => (e as { text: string }).text),
    ).toEqual(['one', ' x', 'two']);
  });

  it('never learns from a chunk with two choices (the text of index 1 is not the answer)', async () => {
    const two = (second: string) =>
      frame({
        ...head('a'),
        choices: [
          { index: 0, delta: { content: 'zero' }, finish_reason: null },
          { index: 1, delta: { content: second }, finish_reason: null },
        ],
      });
    const [fast, slow] = await bothWays(two('zero') + two('one'));
    expect(fast).toEqual(slow);
    const texts = fast
      .filter((e) => e.type === 'text-delta')
      .map((e) => (e as { text: string }).text);
    expect(texts).toEqual(['zero', 'zero']);
  });

  it('finds the text even when another field has the same value', async () => {
    // Hand-written layout: a space after `"content":` and a later field equal to the text. The
    // template must be anchored on delta.content, never on `tag`.
    const raw = (content: string, tag: string) =>
      `data: {"id":"a","choices":[{"index":0,"delta":{"content": "${content}"},"finish_reason":null,"tag":"${tag}"}]}\n\n`;
    const [fast, slow] = await bothWays(raw('m', 'm') + raw('m', 'zz') + raw('x', 'm'));
    expect(fast).toEqual(slow);
    const texts = fast
      .filter((e) => e.type === 'text-delta')
      .map((e) => (e as { text: string }).text);
    expect(texts).toEqual(['m', 'm', 'x']);
  });

  it('never templates a chunk whose reasoning or finish reason would be lost', async () => {
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
      const [fast, slow] = await bothWays(sse);
      expect(fast).toEqual(slow);
    }
  });

  it('unescapes text with quotes, backslashes and newlines after a plain chunk', async () => {
    const [fast, slow] = await bothWays(content('a', 'x') + content('a', 'say "hi"\\\n'));
    expect(fast).toEqual(slow);
    expect(
      fast.filter((e) => e.type === 'text-delta').map((e) => (e as { text: string }).text),
    ).toEqual(['x', 'say "hi"\\\n']);
  });

  it('learns from escaped text and unescapes escaped text after it, however the server escapes', async () => {
    const [fast, slow] = await bothWays(
      content('a', 'say "hi"\n') + content('a', 'x') + content('a', 'tab\there \\ é'),
    );
    expect(fast).toEqual(slow);
    expect(
      fast.filter((e) => e.type === 'text-delta').map((e) => (e as { text: string }).text),
    ).toEqual(['say "hi"\n', 'x', 'tab\there \\ é']);
    // ASCII-only escapes (Python's json.dumps default) are not how JSON.stringify writes `é`:
    // no template is learned from them, and every chunk still gives the full path's events.
    const ascii = (t: string) =>
      `data: {"id":"a","choices":[{"index":0,"delta":{"content":"${t}"},"finish_reason":null}]}\n\n`;
    const [fast2, slow2] = await bothWays(
      ascii('caf\\u00e9') + ascii('na\\u00efve') + ascii('plain') + ascii('\\u00e9t\\u00e9'),
    );
    expect(fast2).toEqual(slow2);
    expect(textOf(fast2)).toBe('cafénaïveplainété');
  });

  it('takes escaped text after a template without parsing the whole chunk', async () => {
    const parse = vi.spyOn(JSON, 'parse');
    try {
      const texts = ['one', 'say "two"', 'three\n', 'f\\our', '\u0001'];
      const events = await collect(
        decodeChatStream(bodyOf([texts.map((t) => content('a', t)).join('')])),
      );
      expect(textOf(events)).toBe(texts.join(''));
      // The first chunk is parsed, then parsed again as the probe; the rest only by their text.
      const chunks = parse.mock.calls.filter(([text]) => String(text).startsWith('{'));
      expect(chunks).toHaveLength(2);
    } finally {
      parse.mockRestore();
    }
  });
});
