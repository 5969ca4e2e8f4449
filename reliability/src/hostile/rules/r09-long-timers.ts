/** Rule 9: any timeout ≥ 2^31 ms behaves as "very long", never "now". */
import { CHAT_SURFACES } from '../chat-surfaces.ts';
import { expectSuccess } from '../checks.ts';
import { chatCell } from '../cells.ts';
import { type HostileHandler, pause, trickle } from '../hostile-server.ts';
import type { HostileRule } from '../rule.ts';
import { chunk, DONE, startSSE, wantsStream, answerText } from '../wire.ts';

/** Headers after 150 ms, then (streamed) a chunk every 100 ms: both timers get exercised. */
const paced: HostileHandler = async (req, res) => {
  await pause(res, 150);
  if (res.destroyed) return;
  if (!wantsStream(req)) {
    answerText(req, res, ['Still here.']);
    return;
  }
  startSSE(res);
  await trickle(
    res,
    [
      chunk({ role: 'assistant', content: '' }),
      chunk({ content: 'Still' }),
      chunk({ content: ' here.' }),
      chunk({}, { finish: 'stop' }),
    ],
    100,
  );
  res.end(DONE);
};

function longTimerCase(id: string, ms: number, label: string) {
  return {
    id,
    edge: `answers slowly (headers after 150 ms, chunks 100 ms apart); \`timeout\` and \`streamIdleTimeout\` ${label}`,
    expected: 'ok, text "Still here." (the timers behave as very long)',
    surfaces: CHAT_SURFACES,
    run: (surface: string) =>
      chatCell(surface, paced, { conn: { timeout: ms, streamIdleTimeout: ms } }, (view) => {
        const problems = expectSuccess(view);
        if (view.text !== 'Still here.') problems.push(`text ${JSON.stringify(view.text)}`);
        return problems;
      }),
  };
}

export const rule9: HostileRule = {
  n: 9,
  title: 'Timers',
  cases: [longTimerCase('9a', 2 ** 31, '2^31 ms'), longTimerCase('9b', 2 ** 42, '2^42 ms')],
};
