/**
 * Rule 11: tool calls and choices. Calls that share an index but not an id are two calls; the
 * shapes other servers stream (no `index`, a call at index 1 and none at 0) decode; only choice
 * 0 is the answer.
 */
import { CHAT_SURFACES, type ChatView, STREAMING_SURFACES } from '../chat-surfaces.ts';
import { coreClass, expectSuccess } from '../checks.ts';
import { chatCell } from '../cells.ts';
import type { HostileHandler } from '../hostile-server.ts';
import type { HostileRule } from '../rule.ts';
import { chunk, completion, DONE, startSSE, wantsStream, sendJSON } from '../wire.ts';

interface WireCall {
  index?: number;
  id?: string;
  type?: 'function';
  function: { name?: string; arguments: string };
}

function toolStream(deltas: WireCall[][]): HostileHandler {
  return (_req, res) => {
    startSSE(res);
    res.write(chunk({ role: 'assistant', content: null }));
    for (const calls of deltas) res.write(chunk({ tool_calls: calls }));
    res.write(chunk({}, { finish: 'tool_calls' }));
    res.end(DONE);
  };
}

const sharedIndex = toolStream([
  [
    {
      index: 0,
      id: 'call_weather_1',
      type: 'function',
      function: { name: 'get_weather', arguments: '{"city":' },
    },
  ],
  [{ index: 0, function: { arguments: '"Oslo"}' } }],
  [
    {
      index: 0,
      id: 'call_time_2',
      type: 'function',
      function: { name: 'get_time', arguments: '{"city":"Lima"}' },
    },
  ],
]);

const withoutIndex = toolStream([
  [
    {
      id: 'call_weather_1',
      type: 'function',
      function: { name: 'get_weather', arguments: '{"city":"Oslo"}' },
    },
  ],
  [
    {
      id: 'call_time_2',
      type: 'function',
      function: { name: 'get_time', arguments: '{"city":"Lima"}' },
    },
  ],
]);

const onlyIndexOne = toolStream([
  [
    {
      index: 1,
      id: 'call_weather_1',
      type: 'function',
      function: { name: 'get_weather', arguments: '' },
    },
  ],
  [{ index: 1, function: { arguments: '{"city":"Oslo"}' } }],
]);

interface ExpectedCall {
  id: string;
  name: string;
  args: Record<string, unknown>;
}
const OSLO: ExpectedCall = { id: 'call_weather_1', name: 'get_weather', args: { city: 'Oslo' } };
const LIMA: ExpectedCall = { id: 'call_time_2', name: 'get_time', args: { city: 'Lima' } };

function parsed(text: string): unknown {
  try {
    return JSON.parse(text === '' ? '{}' : text);
  } catch {
    return `unparseable ${text}`;
  }
}

function exactCalls(view: ChatView, expected: ExpectedCall[]): string[] {
  const problems = expectSuccess(view);
  const got = view.toolCalls.map((c) => ({ id: c.id, name: c.name, args: parsed(c.arguments) }));
  if (JSON.stringify(got) !== JSON.stringify(expected))
    problems.push(`tool calls ${JSON.stringify(got)}, expected ${JSON.stringify(expected)}`);
  return problems;
}

/** Choice 1 comes first on the wire, and its text is interleaved with choice 0's. */
const twoChoices: HostileHandler = (req, res) => {
  if (!wantsStream(req)) {
    sendJSON(
      res,
      200,
      completion([
        {
          index: 1,
          message: { role: 'assistant', content: 'Lyon is second.' },
          finish_reason: 'stop',
        },
        {
          index: 0,
          message: { role: 'assistant', content: 'Paris is first.' },
          finish_reason: 'stop',
        },
      ]),
    );
    return;
  }
  startSSE(res);
  res.write(chunk({ role: 'assistant', content: 'Lyon' }, { index: 1 }));
  res.write(chunk({ role: 'assistant', content: 'Paris' }));
  res.write(chunk({ content: ' is second.' }, { index: 1 }));
  res.write(chunk({ content: ' is first.' }));
  res.write(chunk({}, { index: 1, finish: 'length' }));
  res.write(chunk({}, { finish: 'stop' }));
  res.end(DONE);
};

/** `n: 2` asked for: refused before sending, or answered with choice 0 only. */
function refusedOrChoiceZero(view: ChatView, requests: number): string[] {
  if (coreClass(view.error) === 'ValidationError')
    return requests === 0 ? [] : [`refused, but ${requests} request(s) were sent first`];
  const problems = expectSuccess(view);
  if (view.text !== 'Paris is first.') problems.push(`text ${JSON.stringify(view.text)}`);
  return problems;
}

export const rule11: HostileRule = {
  n: 11,
  title: 'Tool calls and choices',
  cases: [
    {
      id: '11a',
      edge: 'two tool calls at `index` 0 with different ids (`call_weather_1`, then `call_time_2`)',
      expected: 'two calls: get_weather {"city":"Oslo"}, get_time {"city":"Lima"}',
      surfaces: STREAMING_SURFACES,
      run: (surface) =>
        chatCell(surface, sharedIndex, { call: { tools: true } }, (view) =>
          exactCalls(view, [OSLO, LIMA]),
        ),
    },
    {
      id: '11b',
      edge: 'two tool calls without any `index`',
      expected: 'two calls: get_weather {"city":"Oslo"}, get_time {"city":"Lima"}',
      surfaces: STREAMING_SURFACES,
      run: (surface) =>
        chatCell(surface, withoutIndex, { call: { tools: true } }, (view) =>
          exactCalls(view, [OSLO, LIMA]),
        ),
    },
    {
      id: '11c',
      edge: 'one tool call at `index` 1, none at 0',
      expected: 'one call: get_weather {"city":"Oslo"}',
      surfaces: STREAMING_SURFACES,
      run: (surface) =>
        chatCell(surface, onlyIndexOne, { call: { tools: true } }, (view) =>
          exactCalls(view, [OSLO]),
        ),
    },
    {
      id: '11d',
      edge: 'two choices (not asked for), choice 1 first and interleaved with choice 0',
      expected: 'text "Paris is first." (choice 0 only)',
      surfaces: CHAT_SURFACES,
      run: (surface) =>
        chatCell(surface, twoChoices, {}, (view) => {
          const problems = expectSuccess(view);
          if (view.text !== 'Paris is first.') problems.push(`text ${JSON.stringify(view.text)}`);
          return problems;
        }),
    },
    {
      id: '11e',
      edge: 'the same two choices, and the caller asked for `n: 2`',
      expected: 'ValidationError before sending (0 requests), or text "Paris is first." only',
      surfaces: ['core streamChatCompletion', 'core createChatCompletion'],
      run: (surface) =>
        chatCell(surface, twoChoices, { call: { body: { n: 2 } } }, (view, server) =>
          refusedOrChoiceZero(view, server.requests.length),
        ),
    },
  ],
};
