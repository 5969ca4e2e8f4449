/** Rule 5: `<think>` only where reasoning is; a literal tag later in an answer stays text. */
import { CHAT_SURFACES, type ChatView } from '../chat-surfaces.ts';
import { expectSuccess } from '../checks.ts';
import { chatCell } from '../cells.ts';
import type { HostileHandler } from '../hostile-server.ts';
import type { HostileRule } from '../rule.ts';
import { answerText } from '../wire.ts';

const LITERAL = ['Wrap the plan in ', '<think>', ' and ', '</think>', ' tags, then answer.'];
const LITERAL_TEXT = LITERAL.join('');

const literalTag: HostileHandler = (req, res) => answerText(req, res, LITERAL);

const LEADING = ['  <think>Two plus two', ' is four.</think>', 'The answer is 4.'];
const leadingReasoning: HostileHandler = (req, res) => answerText(req, res, LEADING);

function exactly(view: ChatView, text: string, reasoning: string): string[] {
  const problems = expectSuccess(view);
  if (view.text.trim() !== text)
    problems.push(`text ${JSON.stringify(view.text)}, expected ${JSON.stringify(text)}`);
  if (view.reasoning.trim() !== reasoning)
    problems.push(
      `reasoning ${JSON.stringify(view.reasoning)}, expected ${JSON.stringify(reasoning)}`,
    );
  return problems;
}

export const rule5: HostileRule = {
  n: 5,
  title: '`<think>` only where reasoning is',
  cases: [
    {
      id: '5a',
      edge: 'an answer that mentions `<think>` and `</think>` mid-sentence (tags in their own chunks)',
      expected: `text ${JSON.stringify(LITERAL_TEXT)}, no reasoning`,
      surfaces: CHAT_SURFACES,
      run: (surface) =>
        chatCell(surface, literalTag, {}, (view) => exactly(view, LITERAL_TEXT, '')),
    },
    {
      id: '5b',
      edge: 'the same answer, LangChain `reasoningMode: "strip"`',
      expected: `text ${JSON.stringify(LITERAL_TEXT)} (strip never deletes answer text)`,
      surfaces: ['langchain stream', 'langchain invoke'],
      run: (surface) =>
        chatCell(surface, literalTag, { call: { reasoningMode: 'strip' } }, (view) =>
          exactly(view, LITERAL_TEXT, ''),
        ),
    },
    {
      id: '5c',
      edge: 'control: `<think>…</think>` at the start (after whitespace), then the answer',
      expected: 'reasoning "Two plus two is four.", text "The answer is 4."',
      surfaces: CHAT_SURFACES,
      run: (surface) =>
        chatCell(surface, leadingReasoning, {}, (view) =>
          exactly(view, 'The answer is 4.', 'Two plus two is four.'),
        ),
    },
  ],
};
