/** Rule 6: a slow non-streamed generation is not resubmitted. */
import { WHOLE_SURFACES } from '../chat-surfaces.ts';
import { expectRequests, expectTypedError } from '../checks.ts';
import { chatCell } from '../cells.ts';
import { type HostileHandler, pause } from '../hostile-server.ts';
import { type HostileRule, TIMEOUT_MS } from '../rule.ts';
import { answerText } from '../wire.ts';

const GENERATION_MS = 900;

/** A non-streamed answer: headers only once the whole generation is done, after 900 ms. */
const slowGeneration: HostileHandler = async (req, res) => {
  await pause(res, GENERATION_MS);
  if (!res.destroyed) answerText(req, res, ['A slow but complete answer.']);
};

export const rule6: HostileRule = {
  n: 6,
  title: 'A slow non-streamed generation is not resubmitted',
  cases: [
    {
      id: '6a',
      edge: `a non-streamed answer whose headers come after ${GENERATION_MS} ms (timeout ${TIMEOUT_MS} ms), default retry settings`,
      expected:
        'exactly 1 request reaches the edge (TimeoutError; a timeout after the request was sent is not retried)',
      surfaces: WHOLE_SURFACES,
      run: (surface) =>
        chatCell(surface, slowGeneration, {}, (view, server) => [
          ...expectRequests(server, 1),
          ...expectTypedError(view, ['TimeoutError']),
        ]),
    },
  ],
};
