/** Rule 7: no redirect is followed; the prompt never reaches a host routing did not choose. */
import { CHAT_SURFACES, type ChatSurface, runChat } from '../chat-surfaces.ts';
import { type CellResult, describeChat, errorMessage, expectTypedError } from '../checks.ts';
import { connectionTo } from '../cells.ts';
import { startHostileServer } from '../hostile-server.ts';
import { CELL_LIMIT_MS, type HostileRule } from '../rule.ts';
import { answerText } from '../wire.ts';

const TYPED = [
  'APIStatusError',
  'NetworkError',
  'ServerError',
  'ConfigurationError',
  'StreamError',
];

async function redirectCell(surface: string, status: 307 | 308): Promise<CellResult> {
  const foreign = await startHostileServer((req, res) => answerText(req, res, ['FOREIGN ANSWER']));
  const edge = await startHostileServer((req, res) => {
    res.writeHead(status, { location: `${foreign.url}${req.url}`, 'content-length': '0' });
    res.end();
  });
  try {
    const view = await runChat(surface as ChatSurface, connectionTo(edge), {
      prompt: 'A confidential prompt.',
      limitMs: CELL_LIMIT_MS,
    });
    const problems = expectTypedError(view, TYPED);
    const target = new URL(foreign.url).host;
    if (view.error !== undefined && !errorMessage(view.error).includes(target))
      problems.push(`the error does not name the target origin (${target})`);
    if (foreign.requests.length > 0)
      problems.push(`the redirect target received ${foreign.requests.length} request(s)`);
    if (view.text.includes('FOREIGN')) problems.push("the foreign answer came back as the edge's");
    return {
      observed: `${describeChat(view, edge.requests.length)}; target got ${foreign.requests.length}`,
      problems,
    };
  } finally {
    await Promise.all([edge.close(), foreign.close()]);
  }
}

const EXPECTED = 'a typed error naming the target origin; the target server receives nothing';

export const rule7: HostileRule = {
  n: 7,
  title: 'No redirect is followed',
  cases: [
    {
      id: '7a',
      edge: '307 to another loopback server (which would answer "FOREIGN ANSWER")',
      expected: EXPECTED,
      surfaces: CHAT_SURFACES,
      run: (surface) => redirectCell(surface, 307),
    },
    {
      id: '7b',
      edge: '308 to another loopback server',
      expected: EXPECTED,
      surfaces: CHAT_SURFACES,
      run: (surface) => redirectCell(surface, 308),
    },
  ],
};
