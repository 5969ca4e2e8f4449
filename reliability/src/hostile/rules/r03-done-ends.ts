/** Rule 3: `[DONE]` ends the stream; nothing after it counts, and keep-alives do not hold `finish`. */
import { type ChatView, LANGCHAIN_STREAMING_INVOKE, STREAMING_SURFACES } from '../chat-surfaces.ts';

const SURFACES = [...STREAMING_SURFACES, LANGCHAIN_STREAMING_INVOKE];
import { expectSuccess, expectWithin } from '../checks.ts';
import { chatCell } from '../cells.ts';
import { forever, type HostileHandler } from '../hostile-server.ts';
import { type HostileRule, PROMPT_END_MS } from '../rule.ts';
import { chunk, DONE, sse, startSSE } from '../wire.ts';

const ANSWER = 'Hello world';

/** A complete, correct stream up to and including `[DONE]`. */
function upToDone(res: Parameters<HostileHandler>[1]) {
  startSSE(res);
  res.write(chunk({ role: 'assistant', content: '' }));
  res.write(chunk({ content: 'Hello' }));
  res.write(chunk({ content: ' world' }));
  res.write(chunk({}, { finish: 'stop' }));
  res.write(DONE);
}

const textAfterDone: HostileHandler = (_req, res) => {
  upToDone(res);
  res.write(chunk({ content: ' TRAILING-TEXT' }));
  res.end(chunk({}, { finish: 'length' }));
};

const errorAfterDone: HostileHandler = (_req, res) => {
  upToDone(res);
  res.end(sse({ error: { message: 'late failure after the answer', code: 'late_error' } }));
};

const keepAlivesAfterDone: HostileHandler = async (_req, res) => {
  upToDone(res);
  await forever(res, ': keep-alive\n\n', 100);
};

function answerIntact(view: ChatView): string[] {
  const problems = expectSuccess(view);
  if (view.text !== ANSWER)
    problems.push(`text ${JSON.stringify(view.text)}, expected "${ANSWER}"`);
  if (view.finish !== 'stop') problems.push(`finish ${view.finish}, expected stop`);
  return problems;
}

export const rule3: HostileRule = {
  n: 3,
  title: '`[DONE]` ends the stream',
  cases: [
    {
      id: '3a',
      edge: '`[DONE]`, then more text and a `length` finish',
      expected: `ok, text "${ANSWER}", finish stop (nothing after [DONE] decoded)`,
      surfaces: SURFACES,
      run: (surface) => chatCell(surface, textAfterDone, {}, answerIntact),
    },
    {
      id: '3b',
      edge: '`[DONE]`, then an `{"error": …}` event',
      expected: `ok, text "${ANSWER}", finish stop, no error`,
      surfaces: SURFACES,
      run: (surface) => chatCell(surface, errorAfterDone, {}, answerIntact),
    },
    {
      id: '3c',
      edge: '`[DONE]`, then a keep-alive comment every 100 ms and the connection never closes',
      expected: `ok, text "${ANSWER}", finish stop, the call ends within ${PROMPT_END_MS} ms (the grace counts from [DONE])`,
      surfaces: SURFACES,
      run: (surface) =>
        chatCell(surface, keepAlivesAfterDone, { timed: true }, (view) => [
          ...answerIntact(view),
          ...expectWithin(view, PROMPT_END_MS),
        ]),
    },
  ],
};
