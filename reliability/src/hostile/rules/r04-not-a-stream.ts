/** Rule 4: a 200 that is not an event stream is an error, never an empty answer. */
import { CHAT_SURFACES, type ChatView, STREAMING_SURFACES } from '../chat-surfaces.ts';
import { coreClass, errorMessage, expectTypedError } from '../checks.ts';
import { chatCell } from '../cells.ts';
import type { HostileHandler } from '../hostile-server.ts';
import type { HostileRule } from '../rule.ts';
import { answerJSON, sendJSON } from '../wire.ts';
import { viewError } from '../../surfaces/errors.ts';

const TYPED = [
  'BillingError',
  'ServerError',
  'APIStatusError',
  'StreamError',
  'ValidationError',
  'NetworkError',
  'AuthenticationError',
  'RateLimitError',
];

const jsonError: HostileHandler = (_req, res) =>
  sendJSON(
    res,
    200,
    JSON.stringify({
      error: {
        message: 'Insufficient credits for this request',
        type: 'billing_error',
        code: 'insufficient_quota',
      },
    }),
  );

const htmlPage: HostileHandler = (_req, res) => {
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
  res.end('<!doctype html><html><body><h1>502 Bad Gateway</h1><p>nginx</p></body></html>');
};

const plainText: HostileHandler = (_req, res) => {
  res.writeHead(200, { 'content-type': 'text/plain' });
  res.end('upstream connect error or disconnect/reset before headers');
};

const wholeCompletion: HostileHandler = (_req, res) =>
  sendJSON(res, 200, answerJSON({ content: 'A whole answer.' }));

/** A typed error that is not a cut stream (a 200 that never was a stream was not "interrupted"). */
function typedNotEmpty(view: ChatView): string[] {
  const problems = expectTypedError(view, TYPED);
  if (view.error === undefined && view.text === '') problems.push('an empty answer');
  if (coreClass(view.error) === 'StreamInterruptedError' || view.finish === 'interrupted')
    problems.push('reported as an interrupted stream');
  return problems;
}

export const rule4: HostileRule = {
  n: 4,
  title: 'A 200 that is not an event stream is not an empty answer',
  cases: [
    {
      id: '4a',
      edge: '200 `application/json` `{"error": {"type": "billing_error", "code": "insufficient_quota", …}}` to a stream request',
      expected:
        'the typed error it describes (code `insufficient_quota`, its message), never an empty answer',
      surfaces: STREAMING_SURFACES,
      run: (surface) =>
        chatCell(surface, jsonError, {}, (view) => {
          const problems = typedNotEmpty(view);
          if (view.error !== undefined && viewError(view.error).code !== 'insufficient_quota')
            problems.push(`code ${viewError(view.error).code}, expected insufficient_quota`);
          if (view.error !== undefined && !errorMessage(view.error).includes('credits'))
            problems.push('the message does not say what the edge said');
          return problems;
        }),
    },
    {
      id: '4b',
      edge: '200 `text/html` error page',
      expected: 'a typed error (not an interrupted or empty answer)',
      surfaces: CHAT_SURFACES,
      run: (surface) => chatCell(surface, htmlPage, {}, typedNotEmpty),
    },
    {
      id: '4c',
      edge: '200 `text/plain` proxy message to a stream request',
      expected: 'a typed error (not an interrupted or empty answer)',
      surfaces: STREAMING_SURFACES,
      run: (surface) => chatCell(surface, plainText, {}, typedNotEmpty),
    },
    {
      id: '4d',
      edge: '200 `application/json` whole `chat.completion` to a stream request',
      expected: 'either its text "A whole answer." or a typed error; never an empty answer',
      surfaces: STREAMING_SURFACES,
      run: (surface) =>
        chatCell(surface, wholeCompletion, {}, (view) =>
          view.error === undefined && !view.hung && view.text === 'A whole answer.'
            ? []
            : typedNotEmpty(view),
        ),
    },
  ],
};
