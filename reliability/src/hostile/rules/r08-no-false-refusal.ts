/** Rule 8: no false refusal — a prompt within the model's window reaches the edge. */
import { CHAT_SURFACES } from '../chat-surfaces.ts';
import { expectRequests, expectSuccess } from '../checks.ts';
import { chatCell } from '../cells.ts';
import type { HostileRule } from '../rule.ts';
import { answerText } from '../wire.ts';

/**
 * About 4,900 tokens (" understanding" is one token in Qwen's BPE vocabulary, as in most), but
 * 68,600 characters: more than 8 characters per token.
 */
const PROMPT = ' understanding'.repeat(4900);

export const rule8: HostileRule = {
  n: 8,
  title: 'No false refusal',
  cases: [
    {
      id: '8a',
      edge: 'a well-behaved edge; the prompt is ~4.9k tokens (68.6k characters: `" understanding"` × 4,900) for `qwen-3.5-9b` (8,192-token window)',
      expected: 'not refused before sending: 1 request, the answer',
      surfaces: CHAT_SURFACES,
      run: (surface) =>
        chatCell(
          surface,
          (req, res) => answerText(req, res, ['Understood.']),
          { call: { prompt: PROMPT, model: 'qwen-3.5-9b' } },
          (view, server) => [...expectSuccess(view), ...expectRequests(server, 1)],
        ),
    },
  ],
};
