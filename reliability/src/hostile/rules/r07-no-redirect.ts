/** Rule 7: no redirect is followed; the prompt never reaches a host routing did not choose. */
import { SENTINEL_KEY } from '../../security/secrets.ts';
import { CHAT_SURFACES, type ChatSurface, runChat } from '../chat-surfaces.ts';
import {
  type CellResult,
  coreClass,
  describeChat,
  errorMessage,
  expectTypedError,
} from '../checks.ts';
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

/**
 * The autorouter answers `302` towards another server. Whatever the client then does (fall back
 * to a default region, or fail), the redirect target must get nothing.
 */
async function autorouterRedirectCell(surface: string): Promise<CellResult> {
  const foreign = await startHostileServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ region: 'yto-01', endpoint: 'http://127.0.0.1:9', ttl: 300 }));
  });
  const fallbackEdge = await startHostileServer((req, res) => answerText(req, res, ['Hello.']));
  const autorouter = await startHostileServer((req, res) => {
    res.writeHead(302, { location: `${foreign.url}${req.url}`, 'content-length': '0' });
    res.end();
  });
  try {
    const edgeURLs = Object.fromEntries(
      ['yto-01', 'yul-01', 'yvr-02'].map((region) => [region, fallbackEdge.url]),
    );
    const view = await runChat(
      surface as ChatSurface,
      {
        apiKey: SENTINEL_KEY,
        autorouterURL: autorouter.url,
        edgeURLs,
        timeout: 500,
        streamIdleTimeout: 300,
      },
      { prompt: 'Say hello.', limitMs: CELL_LIMIT_MS },
    );
    const problems: string[] = [];
    if (foreign.requests.length > 0)
      problems.push(`the redirect target received ${foreign.requests.length} request(s)`);
    if (view.hung) problems.push('hung');
    if (view.error !== undefined && coreClass(view.error) === undefined)
      problems.push('an untyped error');
    return {
      observed: `${describeChat(view)}; autorouter asked ${autorouter.requests.length}, target got ${foreign.requests.length}, fallback edge got ${fallbackEdge.requests.length}`,
      problems,
    };
  } finally {
    await Promise.all([autorouter.close(), foreign.close(), fallbackEdge.close()]);
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
    {
      id: '7c',
      edge: 'the autorouter answers 302 to another loopback server (the default regions map to a good edge)',
      expected:
        'the target receives nothing; the call falls back to a default region or ends in a typed error',
      surfaces: CHAT_SURFACES,
      run: autorouterRedirectCell,
    },
  ],
};
