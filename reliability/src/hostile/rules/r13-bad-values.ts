/** Rule 13: bad values fail early and clearly, before the network. */
import { CHAT_SURFACES, type ChatView } from '../chat-surfaces.ts';
import { coreClass, errorMessage, expectRequests, expectTypedError } from '../checks.ts';
import { chatCell } from '../cells.ts';
import type { HostileHandler, HostileServer } from '../hostile-server.ts';
import type { HostileRule } from '../rule.ts';
import { answerText } from '../wire.ts';

const answer: HostileHandler = (req, res) => answerText(req, res, ['Should never be asked.']);

/**
 * `ai`'s `generateText` builds a `Headers` object from per-call headers itself, before it calls
 * the provider, and so throws undici's `TypeError` for a CR/LF value: no PolarGrid code runs.
 * That cell accepts this TypeError (still before the network) and says so.
 */
function perCallHeaderChecks(surface: string) {
  return (view: ChatView, server: HostileServer): string[] => {
    const requests = expectRequests(server, 0);
    if (
      surface === 'ai generateText' &&
      coreClass(view.error) === 'TypeError' &&
      errorMessage(view.error).includes('Headers')
    )
      return requests;
    return [...expectTypedError(view, ['ValidationError']), ...requests];
  };
}

const BEFORE_NETWORK = 'ValidationError before the network (the server gets 0 requests)';

export const rule13: HostileRule = {
  n: 13,
  title: 'Bad values fail early and clearly',
  cases: [
    {
      id: '13a',
      edge: '(client) a header value with CR/LF in the client `headers`',
      expected: BEFORE_NETWORK,
      surfaces: CHAT_SURFACES,
      run: (surface) =>
        chatCell(
          surface,
          answer,
          { conn: { headers: { 'x-trace-id': 'abc\r\nx-injected: yes' } } },
          (view, server) => [
            ...expectTypedError(view, ['ValidationError']),
            ...expectRequests(server, 0),
          ],
        ),
    },
    {
      id: '13b',
      edge: '(client) a per-call header value with a bare LF',
      expected: `${BEFORE_NETWORK} (ai generateText: \`ai\` itself throws a TypeError from \`new Headers\` before calling the provider; accepted)`,
      surfaces: CHAT_SURFACES,
      run: (surface) =>
        chatCell(
          surface,
          answer,
          { call: { callHeaders: { 'x-trace-id': 'abc\nx-injected: yes' } } },
          perCallHeaderChecks(surface),
        ),
    },
    {
      id: '13c',
      edge: '(client) `temperature: NaN`',
      expected: `${BEFORE_NETWORK}; the message says NaN (not null)`,
      surfaces: CHAT_SURFACES,
      run: (surface) =>
        chatCell(surface, answer, { call: { temperature: Number.NaN } }, (view, server) => {
          const problems = [
            ...expectTypedError(view, ['ValidationError', 'AI_InvalidArgumentError']),
            ...expectRequests(server, 0),
          ];
          if (view.error !== undefined && !errorMessage(view.error).includes('NaN'))
            problems.push('the message does not report NaN');
          return problems;
        }),
    },
    {
      id: '13d',
      edge: '(client) a `BigInt` in the request body (`temperature: 1n`)',
      expected: BEFORE_NETWORK,
      surfaces: CHAT_SURFACES,
      run: (surface) =>
        chatCell(
          surface,
          answer,
          { call: { temperature: 1n as unknown as number } },
          (view, server) => [
            ...expectTypedError(view, ['ValidationError', 'AI_InvalidArgumentError']),
            ...expectRequests(server, 0),
          ],
        ),
    },
  ],
};
