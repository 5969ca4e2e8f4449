/**
 * Rule 15 (issue 21, rule 3): hedging saves answers. The hedge goes only to an edge the first
 * request has not used; a leg that ends before its first content never decides the race.
 * Three loopback edges per cell: what each does is the cell's "edge" column.
 */
import type { ServerResponse } from 'node:http';
import { SENTINEL_KEY } from '../../security/secrets.ts';
import { runChat, STREAMING_SURFACES, type ChatView } from '../chat-surfaces.ts';
import { type CellResult, describeChat, expectSuccess } from '../checks.ts';
import {
  type HostileHandler,
  type HostileServer,
  pause,
  startHostileServer,
} from '../hostile-server.ts';
import { CELL_LIMIT_MS, type HostileRule, TIMEOUT_MS } from '../rule.ts';
import { chunk, DONE, sendJSON, sse, startSSE } from '../wire.ts';

const ANSWER = ['Saved ', 'by ', 'the ', 'hedge.'];
/**
 * Long enough that the first request's 503 and failover are over before it (they take a few ms on
 * loopback, a few hundred on a loaded CI machine), so which edges it used is known.
 */
const HEDGE_DELAY_MS = 400;
/** The stalled edge is given up on after this: after the hedge had its chance. */
const STALL_IDLE_MS = 2_000;

const unavailable: HostileHandler = (_req, res) =>
  sendJSON(res, 503, '{"error":{"message":"no model server","code":"unavailable"}}');
/** Headers and a role chunk, then nothing until the client gives up. */
const stalls: HostileHandler = (_req, res) => {
  startSSE(res);
  res.write(chunk({ role: 'assistant', content: '' }));
};
/** A role chunk, then an in-stream error before any token (after the hedge was sent). */
const errsBeforeContent: HostileHandler = async (_req, res: ServerResponse) => {
  startSSE(res);
  res.write(chunk({ role: 'assistant', content: '' }));
  await pause(res, HEDGE_DELAY_MS + 400);
  res.end(sse({ error: { message: 'model crashed', code: 'internal' } }));
};
/** A healthy edge: headers and a role chunk at once, its first token after `ms`. */
const healthyAfter =
  (ms: number): HostileHandler =>
  async (_req, res) => {
    startSSE(res);
    res.write(chunk({ role: 'assistant', content: '' }));
    await pause(res, ms);
    for (const content of ANSWER) res.write(chunk({ content }));
    res.write(chunk({}, { finish: 'stop' }));
    res.end(DONE);
  };

async function hedgeCell(
  surface: string,
  handlers: HostileHandler[],
  check: (view: ChatView, servers: HostileServer[]) => string[],
): Promise<CellResult> {
  const servers = await Promise.all(handlers.map((h) => startHostileServer(h)));
  const regions = ['yto-01', 'yul-01', 'yvr-02'].slice(0, servers.length);
  try {
    const view = await runChat(
      surface as Parameters<typeof runChat>[0],
      {
        apiKey: SENTINEL_KEY,
        region: 'yto-01',
        edgeURLs: Object.fromEntries(regions.map((r, i) => [r, servers[i]!.url])),
        fallbackRegions: regions.slice(1),
        maxFailovers: 2,
        timeout: TIMEOUT_MS,
        streamIdleTimeout: STALL_IDLE_MS,
        hedge: { delay: HEDGE_DELAY_MS, budget: 1 },
      },
      { prompt: 'Say hello.', limitMs: CELL_LIMIT_MS },
    );
    const perEdge = servers.map((s, i) => `${regions[i]} ${s.requests.length}`).join(', ');
    return {
      observed: `${describeChat(view)}; requests per edge: ${perEdge}`,
      problems: check(view, servers),
    };
  } finally {
    await Promise.all(servers.map((s) => s.close()));
  }
}

const requestsAre = (servers: HostileServer[], expected: number[]): string[] => {
  const got = servers.map((s) => s.requests.length);
  return got.join() === expected.join()
    ? []
    : [`requests per edge ${got.join(', ')}, expected ${expected.join(', ')}`];
};
const fullAnswer = (view: ChatView): string[] =>
  view.text === ANSWER.join('')
    ? []
    : [`text ${JSON.stringify(view.text)}, expected the whole answer`];

export const rule15: HostileRule = {
  n: 15,
  title: 'Hedging saves answers (issue 21)',
  cases: [
    {
      id: '15a',
      edge: 'yto-01 answers 503, yul-01 (its failover) stalls, yvr-02 is healthy',
      expected: `after ${HEDGE_DELAY_MS} ms the hedge goes to yvr-02, never to yul-01: the whole answer; requests per edge 1, 1, 1`,
      surfaces: STREAMING_SURFACES,
      run: (surface) =>
        hedgeCell(surface, [unavailable, stalls, healthyAfter(20)], (view, servers) => [
          ...expectSuccess(view),
          ...fullAnswer(view),
          ...requestsAre(servers, [1, 1, 1]),
        ]),
    },
    {
      id: '15b',
      edge: 'yto-01 sends an in-stream error before any token, while the hedge to yul-01 is in flight (its first token 1,200 ms after it was sent)',
      expected: 'the error decides nothing: the whole answer from the hedge, no error',
      surfaces: STREAMING_SURFACES,
      run: (surface) =>
        hedgeCell(surface, [errsBeforeContent, healthyAfter(1_200)], (view, servers) => [
          ...expectSuccess(view),
          ...fullAnswer(view),
          ...requestsAre(servers, [1, 1]),
        ]),
    },
    {
      id: '15c',
      edge: 'yto-01 answers 503, yul-01 (its failover, the only other edge) stalls',
      expected:
        'no hedge (no edge left that the first request has not used): yul-01 gets 1 request; the stall ends the call',
      surfaces: STREAMING_SURFACES,
      run: (surface) =>
        hedgeCell(surface, [unavailable, stalls], (view, servers) => [
          ...(view.hung ? [`hung: no outcome within ${view.ms} ms`] : []),
          ...requestsAre(servers, [1, 1]),
        ]),
    },
  ],
};
