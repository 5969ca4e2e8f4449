/**
 * Rule 12: no content silently dropped. Array content (the shape Mistral's reasoning models
 * stream), Groq's `reasoning` field and a usage-only final chunk decode; an unknown content shape
 * yields a warning, never silence.
 */
import { CHAT_SURFACES, type ChatView, STREAMING_SURFACES } from '../chat-surfaces.ts';
import { type CellResult, expectSuccess } from '../checks.ts';
import { chatCell } from '../cells.ts';
import type { HostileHandler } from '../hostile-server.ts';
import type { HostileRule } from '../rule.ts';
import { answerChat, chunk, DONE, sse, startSSE } from '../wire.ts';

const REASONING = '17 × 23 = 391.';

const thinking = (text: string) => ({ type: 'thinking', thinking: [{ type: 'text', text }] });
const textPart = (text: string) => ({ type: 'text', text });

/** Reasoning as a `thinking` part, then "3" as a text part in the same array, then "91" plain. */
const mistralArrays: HostileHandler = (req, res) =>
  answerChat(req, res, {
    deltas: [
      { content: [thinking('17 × 23')] },
      { content: [thinking(' = 391.'), textPart('3')] },
      { content: '91' },
    ],
    message: { content: [thinking(REASONING), textPart('391')] },
  });

const groqReasoning: HostileHandler = (_req, res) => {
  startSSE(res);
  res.write(chunk({ role: 'assistant', content: '' }));
  res.write(chunk({ reasoning: '17 × 23' }));
  res.write(chunk({ reasoning: ' = 391.' }));
  res.write(chunk({ content: '391' }));
  res.write(chunk({}, { finish: 'stop' }));
  res.end(DONE);
};

const usageOnlyLast: HostileHandler = (_req, res) => {
  startSSE(res);
  res.write(chunk({ role: 'assistant', content: '391' }));
  res.write(chunk({}, { finish: 'stop' }));
  res.write(
    sse({
      id: 'chatcmpl-hostile',
      object: 'chat.completion.chunk',
      choices: [],
      usage: { prompt_tokens: 9, completion_tokens: 1, total_tokens: 10 },
    }),
  );
  res.end(DONE);
};

/** Text, then content of a shape no decoder knows (an object, then an audio part). */
const unknownShape: HostileHandler = (req, res) =>
  answerChat(req, res, {
    deltas: [
      { content: 'Here is the clip: ' },
      { content: { type: 'audio', data: 'UklGRiQAAABXQVZF' } },
      { content: [{ type: 'input_audio', input_audio: { data: 'UklGRiQAAABXQVZF' } }] },
    ],
    message: {
      content: [
        textPart('Here is the clip: '),
        { type: 'input_audio', input_audio: { data: 'UklGRiQAAABXQVZF' } },
      ],
    },
  });

function answer391(view: ChatView): string[] {
  const problems = expectSuccess(view);
  if (view.text !== '391') problems.push(`text ${JSON.stringify(view.text)}, expected "391"`);
  if (view.reasoning !== REASONING)
    problems.push(
      `reasoning ${JSON.stringify(view.reasoning)}, expected ${JSON.stringify(REASONING)}`,
    );
  return problems;
}

/**
 * Everything printed as a warning while `run` runs: `console.warn` and process warnings (the AI
 * SDK logs its warnings through `process.emitWarning`). Cells using it run one at a time.
 */
async function capturingWarnings(run: () => Promise<CellResult & { view?: ChatView }>) {
  const printed: string[] = [];
  const original = console.warn;
  const onWarning = (warning: Error) => printed.push(`${warning.name}: ${warning.message}`);
  console.warn = (...args: unknown[]) => printed.push(args.map(String).join(' '));
  process.on('warning', onWarning);
  try {
    const result = await run();
    await new Promise((resolve) => setImmediate(resolve)); // process warnings are emitted on the next tick
    return { ...result, printed };
  } finally {
    console.warn = original;
    process.off('warning', onWarning);
  }
}

async function unknownShapeCell(surface: string): Promise<CellResult> {
  let seen: ChatView | undefined;
  const result = await capturingWarnings(() =>
    chatCell(surface, unknownShape, {}, (view) => {
      seen = view;
      return [];
    }),
  );
  const problems = seen ? expectSuccess(seen) : ['no outcome'];
  if (seen && seen.text !== 'Here is the clip: ')
    problems.push(`text ${JSON.stringify(seen.text)}, expected "Here is the clip: "`);
  const warned = (seen?.warnings.length ?? 0) + result.printed.length;
  if (warned === 0) problems.push('the unknown content was dropped without a word');
  return {
    observed: `${result.observed}; ${seen?.warnings.length ?? 0} surface warning(s), ${result.printed.length} printed`,
    problems,
  };
}

export const rule12: HostileRule = {
  n: 12,
  title: 'No content silently dropped',
  cases: [
    {
      id: '12a',
      edge: 'Mistral-style array content: a `thinking` part, then `thinking` + `text` "3" in one array, then "91" as a string',
      expected: `reasoning ${JSON.stringify(REASONING)}, text "391"`,
      surfaces: CHAT_SURFACES,
      run: (surface) => chatCell(surface, mistralArrays, {}, answer391),
    },
    {
      id: '12b',
      edge: 'Groq-style `delta.reasoning`, then content',
      expected: `reasoning ${JSON.stringify(REASONING)}, text "391"`,
      surfaces: STREAMING_SURFACES,
      run: (surface) => chatCell(surface, groqReasoning, {}, answer391),
    },
    {
      id: '12c',
      edge: 'control: a usage-only final chunk (`choices: []`) after the finish',
      expected: 'ok, text "391", finish stop',
      surfaces: STREAMING_SURFACES,
      run: (surface) =>
        chatCell(surface, usageOnlyLast, {}, (view) => {
          const problems = expectSuccess(view);
          if (view.text !== '391') problems.push(`text ${JSON.stringify(view.text)}`);
          if (view.finish !== 'stop') problems.push(`finish ${view.finish}`);
          return problems;
        }),
    },
    {
      id: '12d',
      edge: 'text, then content of unknown shapes (an object, an `input_audio` part)',
      expected: 'text "Here is the clip: " and at least one warning (on the surface, or printed)',
      surfaces: CHAT_SURFACES,
      run: unknownShapeCell,
      sequential: true,
    },
  ],
};
