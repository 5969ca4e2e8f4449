/**
 * Streams written for this project, in the shapes other servers send (no recorded bytes from
 * any other project), each with the exact events the chat decoder must produce. The fixture
 * test replays each whole, byte by byte and in random splits.
 */
import type { ChatDecodeOptions } from '../decode-options.js';
import type { ChatStreamEvent } from '../events.js';

export interface StreamFixture {
  name: string;
  /** The SSE text as the server writes it. */
  sse: string;
  options?: ChatDecodeOptions;
  expected: ChatStreamEvent[];
}

const frame = (payload: unknown): string => `data: ${JSON.stringify(payload)}\n\n`;
const DONE = 'data: [DONE]\n\n';

/** A chunk of response `id` with one choice 0 carrying `delta`. */
function chunk(id: string, delta: unknown, finish: string | null = null): string {
  return frame({
    id,
    object: 'chat.completion.chunk',
    created: 1800000000,
    model: 'fixture-model',
    choices: [{ index: 0, delta, finish_reason: finish }],
  });
}

const metadata = (id: string): ChatStreamEvent => ({
  type: 'metadata',
  id,
  model: 'fixture-model',
  created: 1800000000,
});
const text = (t: string): ChatStreamEvent => ({ type: 'text-delta', text: t });
const reasoning = (t: string): ChatStreamEvent => ({ type: 'reasoning-delta', text: t });
const finish = (reason: 'stop' | 'tool-calls' | 'length', rawReason: string): ChatStreamEvent => ({
  type: 'finish',
  reason,
  rawReason,
  usage: undefined,
  timings: undefined,
});

const usage = { prompt_tokens: 9, completion_tokens: 4, total_tokens: 13 };
const tokenUsage = { promptTokens: 9, completionTokens: 4, totalTokens: 13, raw: usage };

export const FIXTURES: StreamFixture[] = [
  {
    // Mistral's reasoning models: content as typed parts, thinking nested as text parts. The
    // answer "391" arrives as two text parts in two chunks; neither may be lost.
    name: 'array content with thinking and text parts',
    sse:
      chunk('mis-1', { role: 'assistant', content: '' }) +
      chunk('mis-1', {
        content: [{ type: 'thinking', thinking: [{ type: 'text', text: '17 times 23 is ' }] }],
      }) +
      chunk('mis-1', {
        content: [
          { type: 'thinking', thinking: [{ type: 'text', text: '391.' }] },
          { type: 'text', text: '3' },
        ],
      }) +
      chunk('mis-1', { content: [{ type: 'text', text: '91' }] }) +
      chunk('mis-1', { content: '' }, 'stop') +
      DONE,
    expected: [
      metadata('mis-1'),
      reasoning('17 times 23 is '),
      reasoning('391.'),
      text('3'),
      text('91'),
      finish('stop', 'stop'),
    ],
  },
  {
    // A part type the decoder does not know (an image reference) is reported, not dropped
    // silently; the text parts around it still decode.
    name: 'array content with an unknown part type',
    sse:
      chunk('mis-2', {
        content: [
          { type: 'text', text: 'See ' },
          { type: 'image_url', image_url: { url: 'https://img.example/x.png' } },
          { type: 'text', text: 'above.' },
        ],
      }) +
      chunk('mis-2', {}, 'stop') +
      DONE,
    expected: [
      metadata('mis-2'),
      text('See '),
      {
        type: 'warning',
        code: 'unsupported-content',
        message: 'The edge sent content of a shape the decoder does not know; it was not decoded.',
        data: { type: 'image_url', image_url: { url: 'https://img.example/x.png' } },
      },
      text('above.'),
      finish('stop', 'stop'),
    ],
  },
  {
    // Groq streams reasoning in `delta.reasoning`, then the answer in `content`.
    name: 'reasoning field (Groq)',
    sse:
      chunk('groq-1', { role: 'assistant', content: null, reasoning: 'The user greets. ' }) +
      chunk('groq-1', { reasoning: 'Reply briefly.' }) +
      chunk('groq-1', { content: 'Hi!' }) +
      chunk('groq-1', {}, 'stop') +
      DONE,
    expected: [
      metadata('groq-1'),
      reasoning('The user greets. '),
      reasoning('Reply briefly.'),
      text('Hi!'),
      finish('stop', 'stop'),
    ],
  },
  {
    // Fragments without `index`: the first of each call carries its id, the rest continue it.
    name: 'tool calls without index',
    sse:
      chunk('noidx', {
        tool_calls: [{ id: 'call_a', type: 'function', function: { name: 'add', arguments: '' } }],
      }) +
      chunk('noidx', { tool_calls: [{ function: { arguments: '{"a":1,' } }] }) +
      chunk('noidx', { tool_calls: [{ function: { arguments: '"b":2}' } }] }) +
      chunk('noidx', {
        tool_calls: [
          { id: 'call_b', type: 'function', function: { name: 'now', arguments: '{}' } },
        ],
      }) +
      chunk('noidx', {}, 'tool_calls') +
      DONE,
    expected: [
      metadata('noidx'),
      { type: 'tool-call-start', index: 0, id: 'call_a', name: 'add' },
      { type: 'tool-call-delta', index: 0, id: 'call_a', argumentsDelta: '{"a":1,' },
      { type: 'tool-call-delta', index: 0, id: 'call_a', argumentsDelta: '"b":2}' },
      { type: 'tool-call-start', index: 1, id: 'call_b', name: 'now' },
      { type: 'tool-call-delta', index: 1, id: 'call_b', argumentsDelta: '{}' },
      { type: 'tool-call-end', index: 0, id: 'call_a', name: 'add', arguments: '{"a":1,"b":2}' },
      { type: 'tool-call-end', index: 1, id: 'call_b', name: 'now', arguments: '{}' },
      finish('tool-calls', 'tool_calls'),
    ],
  },
  {
    // The only call arrives at index 1 (none at 0): it is kept at its index.
    name: 'a call at index 1 with none at 0',
    sse:
      chunk('idx1', {
        tool_calls: [
          { index: 1, id: 'call_x', type: 'function', function: { name: 'f', arguments: '{"q"' } },
        ],
      }) +
      chunk('idx1', { tool_calls: [{ index: 1, function: { arguments: ':"v"}' } }] }) +
      chunk('idx1', {}, 'tool_calls') +
      DONE,
    expected: [
      metadata('idx1'),
      { type: 'tool-call-start', index: 1, id: 'call_x', name: 'f' },
      { type: 'tool-call-delta', index: 1, id: 'call_x', argumentsDelta: '{"q"' },
      { type: 'tool-call-delta', index: 1, id: 'call_x', argumentsDelta: ':"v"}' },
      { type: 'tool-call-end', index: 1, id: 'call_x', name: 'f', arguments: '{"q":"v"}' },
      finish('tool-calls', 'tool_calls'),
    ],
  },
  {
    // A server that numbers every call 0: a new id at the same index is a second call (never
    // merged into the first as `{}{}`), and the fragments after it continue the second.
    name: 'two calls sharing an index with different ids',
    sse:
      chunk('same', {
        tool_calls: [
          { index: 0, id: 'call_1', type: 'function', function: { name: 'get', arguments: '{}' } },
        ],
      }) +
      chunk('same', {
        tool_calls: [
          {
            index: 0,
            id: 'call_2',
            type: 'function',
            function: { name: 'put', arguments: '{"k"' },
          },
        ],
      }) +
      chunk('same', { tool_calls: [{ index: 0, function: { arguments: ':1}' } }] }) +
      chunk('same', {}, 'tool_calls') +
      DONE,
    expected: [
      metadata('same'),
      { type: 'tool-call-start', index: 0, id: 'call_1', name: 'get' },
      { type: 'tool-call-delta', index: 0, id: 'call_1', argumentsDelta: '{}' },
      { type: 'tool-call-start', index: 1, id: 'call_2', name: 'put' },
      { type: 'tool-call-delta', index: 1, id: 'call_2', argumentsDelta: '{"k"' },
      { type: 'tool-call-delta', index: 1, id: 'call_2', argumentsDelta: ':1}' },
      { type: 'tool-call-end', index: 0, id: 'call_1', name: 'get', arguments: '{}' },
      { type: 'tool-call-end', index: 1, id: 'call_2', name: 'put', arguments: '{"k":1}' },
      finish('tool-calls', 'tool_calls'),
    ],
  },
  {
    // Usage in a final chunk of its own: once with `choices: []`, once without `choices`.
    name: 'usage-only final chunks',
    sse:
      chunk('use', { content: 'ok' }) +
      chunk('use', {}, 'length') +
      frame({ id: 'use', choices: [], usage: { ...usage, total_tokens: 12 } }) +
      frame({ id: 'use', usage }) +
      DONE,
    expected: [
      metadata('use'),
      text('ok'),
      {
        type: 'usage',
        usage: { ...tokenUsage, totalTokens: 12, raw: { ...usage, total_tokens: 12 } },
      },
      { type: 'usage', usage: tokenUsage },
      { ...finish('length', 'length'), usage: tokenUsage } as ChatStreamEvent,
    ],
  },
  {
    // Text after [DONE] is not part of the answer: reported, not appended.
    name: 'text after [DONE]',
    sse:
      chunk('after', { content: 'Done.' }) +
      chunk('after', {}, 'stop') +
      DONE +
      chunk('after', { content: ' Extra.' }),
    expected: [
      metadata('after'),
      text('Done.'),
      {
        type: 'warning',
        code: 'data-after-done',
        message:
          'The edge sent an event after [DONE]; it was not decoded (after [DONE] only pg_metadata timings are read).',
        data: JSON.parse(chunk('after', { content: ' Extra.' }).slice(6)),
      },
      finish('stop', 'stop'),
    ],
  },
  {
    // An error after [DONE] does not replace the finish.
    name: 'an error after [DONE]',
    sse:
      chunk('err', { content: 'Fine.' }) +
      chunk('err', {}, 'stop') +
      DONE +
      frame({ error: { message: 'late failure', code: 'internal' } }),
    expected: [
      metadata('err'),
      text('Fine.'),
      {
        type: 'warning',
        code: 'data-after-done',
        message:
          'The edge sent an event after [DONE]; it was not decoded (after [DONE] only pg_metadata timings are read).',
        data: { error: { message: 'late failure', code: 'internal' } },
      },
      finish('stop', 'stop'),
    ],
  },
  {
    // Keep-alive comments after [DONE] are no events: the stream finishes as the body ends
    // (and within the grace when it does not; see the lifecycle test).
    name: 'keep-alives after [DONE]',
    sse:
      chunk('ka', { content: 'Yes.' }) +
      chunk('ka', {}, 'stop') +
      DONE +
      ': keep-alive\n\n'.repeat(5),
    expected: [metadata('ka'), text('Yes.'), finish('stop', 'stop')],
  },
  {
    // PolarGrid's server timings after [DONE] (the edge's default position) are read.
    name: 'pg_metadata after [DONE]',
    sse:
      chunk('pgm', { content: 'Hello.' }) +
      chunk('pgm', {}, 'stop') +
      DONE +
      'event: pg_metadata\ndata: {"inference_ttft_ms":41,"inference_total_ms":120}\n\n',
    expected: [
      metadata('pgm'),
      text('Hello.'),
      {
        type: 'server-timings',
        timings: {
          inferenceTtftMs: 41,
          inferenceTotalMs: 120,
          raw: { inference_ttft_ms: 41, inference_total_ms: 120 },
        },
      },
      {
        ...finish('stop', 'stop'),
        timings: {
          inferenceTtftMs: 41,
          inferenceTotalMs: 120,
          raw: { inference_ttft_ms: 41, inference_total_ms: 120 },
        },
      } as ChatStreamEvent,
    ],
  },
  {
    // `n > 1` streamed one choice per chunk: only choice 0 is the answer.
    name: 'a second choice never mixes into the answer',
    sse:
      chunk('n2', { content: 'Red' }) +
      frame({
        id: 'n2',
        choices: [{ index: 1, delta: { content: 'Blue' }, finish_reason: null }],
      }) +
      chunk('n2', {}, 'stop') +
      frame({ id: 'n2', choices: [{ index: 1, delta: {}, finish_reason: 'length' }] }) +
      DONE,
    expected: [
      metadata('n2'),
      text('Red'),
      {
        type: 'warning',
        code: 'ignored-choice',
        message:
          'The edge sent a choice with index 1; only choice 0 is the answer, so it was ignored.',
        data: { index: 1, delta: { content: 'Blue' }, finish_reason: null },
      },
      finish('stop', 'stop'),
    ],
  },
  {
    // A literal <think> after answer text is the answer's own text (no reasoning requested).
    name: 'a literal <think> later in an answer',
    sse:
      chunk('lit', { content: 'Wrap it in ' }) +
      chunk('lit', { content: '<think></think> tags.' }) +
      chunk('lit', {}, 'stop') +
      DONE,
    expected: [
      metadata('lit'),
      text('Wrap it in '),
      text('<think></think> tags.'),
      finish('stop', 'stop'),
    ],
  },
  {
    // The same stream when the request asked for reasoning: the block is split out.
    name: 'a later <think> when reasoning was requested',
    options: { reasoningRequested: true },
    sse:
      chunk('req', { content: 'Sure. ' }) +
      chunk('req', { content: '<think>check</think>Done.' }) +
      chunk('req', {}, 'stop') +
      DONE,
    expected: [
      metadata('req'),
      text('Sure. '),
      reasoning('check'),
      text('Done.'),
      finish('stop', 'stop'),
    ],
  },
];
