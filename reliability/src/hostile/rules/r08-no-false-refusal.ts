/** Rule 8: no false refusal — a prompt within the model's window reaches the edge. */
import { CHAT_SURFACES } from '../chat-surfaces.ts';
import { expectRequests, expectSuccess } from '../checks.ts';
import { chatCell } from '../cells.ts';
import type { HostileRule } from '../rule.ts';
import { answerText } from '../wire.ts';

/**
 * About 160,000 tokens (" understanding" is one token in Qwen's BPE vocabulary, as in most):
 * well within `qwen-3.8-27b`'s 262,144-token window, but 2,240,000 characters, so a guess of
 * 8 characters per token (or fewer) refuses it. The model with a small window (`qwen-3.5-9b`,
 * 8,192) is retired, so the large one is used.
 */
const REPEATS = 160_000;
const PROMPT = ' understanding'.repeat(REPEATS);

export const rule8: HostileRule = {
  n: 8,
  title: 'No false refusal',
  cases: [
    {
      id: '8a',
      edge: 'a well-behaved edge; the prompt is ~160k tokens but 2.24M characters (`" understanding"` × 160,000) for `qwen-3.8-27b` (262,144-token window)',
      expected:
        'not refused before sending: 1 request, the answer (`timeout` 8 s here: 2.2 MB is slow to send on a loaded machine)',
      surfaces: CHAT_SURFACES,
      sequential: true,
      run: (surface) =>
        chatCell(
          surface,
          (req, res) => answerText(req, res, ['Understood.']),
          // Sending 2.2 MB takes a while on a loaded machine: this cell is about refusal, not speed.
          {
            conn: { timeout: 8000 },
            call: { prompt: PROMPT, model: 'qwen-3.8-27b', limitMs: 12_000 },
          },
          (view, server) => [...expectSuccess(view), ...expectRequests(server, 1)],
        ),
    },
  ],
};
