/**
 * Rule 2: the key stays secret in every shape. The hostile edge echoes whatever `Authorization`
 * it received — in a 2xx error body, an in-stream error, response headers — and every cell runs
 * once per key shape the library accepts; then every printed or serialised view of the error and
 * of the result is searched for any part of the key.
 */
import { createPolarGrid } from '@polargrid/ai-sdk-provider';
import { PolarGridEdge } from '@polargrid/core';
import { ChatPolarGrid } from '@polargrid/langchain';
import { SENTINEL_KEY } from '../../security/secrets.ts';
import { CHAT_SURFACES, type ChatSurface, runChat, STREAMING_SURFACES } from '../chat-surfaces.ts';
import { type CellResult, coreClass, describeChat, errorName } from '../checks.ts';
import { connectionTo } from '../cells.ts';
import {
  type HostileHandler,
  type ReceivedRequest,
  startHostileServer,
} from '../hostile-server.ts';
import { containsSecret, errorChain, KEY_SHAPES, keyNeedles, secretViews } from '../key-shapes.ts';
import { CELL_LIMIT_MS, type HostileRule } from '../rule.ts';
import { answerText, chunk, sendJSON, startSSE } from '../wire.ts';

const echoed = (req: ReceivedRequest) => String(req.headers.authorization ?? '');
const bare = (req: ReceivedRequest) => echoed(req).replace(/^Bearer /, '');

const echoInErrorBody: HostileHandler = (req, res) => {
  sendJSON(
    res,
    200,
    JSON.stringify({
      error: {
        message: `Invalid API key ${bare(req)}: revoked`,
        type: 'invalid_request_error',
        code: 'invalid_api_key',
        param: bare(req),
        echo: { authorization: echoed(req) },
      },
    }),
    { 'x-echo-authorization': echoed(req) },
  );
};

const echoInStreamError: HostileHandler = (req, res) => {
  startSSE(res, 200, { 'x-upstream-authorization': echoed(req) });
  res.write(chunk({ role: 'assistant', content: 'Partial ' }));
  res.end(
    `data: ${JSON.stringify({
      error: {
        message: `upstream rejected Authorization: ${echoed(req)}`,
        type: 'auth_error',
        code: 'upstream_auth',
        param: bare(req),
      },
    })}\n\n`,
  );
};

const echoInSuccessHeaders: HostileHandler = (req, res) => {
  res.setHeader('x-echo-authorization', echoed(req));
  res.setHeader('set-cookie', `pg_session=${bare(req)}; HttpOnly`);
  answerText(req, res, ['Hello', ' there.']);
};

const echoIn401Headers: HostileHandler = (req, res) => {
  sendJSON(res, 401, JSON.stringify({ error: { message: 'Unauthorized', code: 'unauthorized' } }), {
    'www-authenticate': `Bearer error="invalid_token", token="${bare(req)}"`,
    'x-echo-authorization': echoed(req),
  });
};

/** The result's parts, each searched on its own so a leak names where it is (`result.meta`). */
function resultParts(raw: unknown): [string, unknown][] {
  if (raw === undefined) return [];
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return [['result', raw]];
  return Object.entries(raw).map(([key, value]): [string, unknown] => [`result.${key}`, value]);
}

/** Runs the cell once per key shape; a leak of any shape is a problem. */
async function echoCell(surface: string, handler: HostileHandler): Promise<CellResult> {
  const problems: string[] = [];
  const observed: string[] = [];
  for (const { label, key } of KEY_SHAPES) {
    const server = await startHostileServer(handler);
    try {
      // A generous timeout: these cells are about secrets, not speed (printing every view of a
      // large error is slow, and other cells run meanwhile).
      const conn = connectionTo(server, { apiKey: key, timeout: 5000 });
      const view = await runChat(surface as ChatSurface, conn, {
        prompt: 'Say hello.',
        limitMs: CELL_LIMIT_MS,
      });
      const needles = keyNeedles(key);
      const leaks: string[] = [];
      errorChain(view.error).forEach((e, depth) => {
        for (const where of secretViews(e, needles))
          leaks.push(`${depth === 0 ? 'error' : `error cause[${depth}]`} ${where}`);
      });
      for (const [part, value] of resultParts(view.raw))
        for (const where of secretViews(value, needles)) leaks.push(`${part} ${where}`);
      if (containsSecret(`${view.text} ${view.reasoning}`, needles)) leaks.push('answer text');
      if (server.requests.length === 0) leaks.push('the edge was never asked (cell did not run)');
      observed.push(
        `${label} key: ${view.error === undefined ? 'ok' : errorName(view.error)}, ${leaks.length === 0 ? 'no leak' : `LEAK in ${leaks.join(', ')}`}`,
      );
      problems.push(...leaks.map((l) => `${label} key: ${l}`));
    } finally {
      await server.close();
    }
  }
  return { observed: observed.join('; '), problems };
}

/** Credentials in headers given at construction: printing the object must show none of them. */
const HEADER_SECRETS = {
  authorization: 'Bearer hdr-Authorization-7Yq2Lp9',
  cookie: 'session=hdr-Cookie-4Wm8Zr1',
  'x-api-key': 'hdr-ApiKey-6Tn3Vb5',
};
const HEADER_NEEDLES = [
  ...keyNeedles(SENTINEL_KEY),
  'hdr-Authorization-7Yq2Lp9',
  'hdr-Cookie-4Wm8Zr1',
  'hdr-ApiKey-6Tn3Vb5',
];

const CREDENTIAL_OBJECTS: Record<string, () => unknown> = {
  'ChatPolarGrid({ headers })': () =>
    new ChatPolarGrid({ apiKey: SENTINEL_KEY, region: 'yto-01', headers: HEADER_SECRETS }),
  'ChatPolarGrid({ defaultHeaders })': () =>
    new ChatPolarGrid({ apiKey: SENTINEL_KEY, region: 'yto-01', defaultHeaders: HEADER_SECRETS }),
  'createPolarGrid({ headers })(model)': () =>
    createPolarGrid({ apiKey: SENTINEL_KEY, region: 'yto-01', headers: HEADER_SECRETS })(
      'qwen-3.8-27b',
    ),
  'PolarGridEdge({ headers })': () =>
    new PolarGridEdge({ apiKey: SENTINEL_KEY, region: 'yto-01', headers: HEADER_SECRETS }),
};

async function credentialObjectCell(name: string): Promise<CellResult> {
  const leaks = secretViews(CREDENTIAL_OBJECTS[name]!(), HEADER_NEEDLES);
  return {
    observed:
      leaks.length === 0 ? 'no credential in any view' : `credential in ${leaks.join(', ')}`,
    problems: leaks.map((l) => `credential header shown by ${l}`),
  };
}

const PASSWORD = 'hunter2-Pa55w0rd';

/** A URL with `user:pass@` must be refused when the client is built, without the password. */
async function credentialURLCell(surface: string): Promise<CellResult> {
  const server = await startHostileServer((req, res) => answerText(req, res, ['Hello.']));
  const url = server.url.replace('http://', `http://pguser:${PASSWORD}@`);
  const field = surface.includes('autorouterURL') ? 'autorouterURL' : 'baseURL';
  const options = { apiKey: SENTINEL_KEY, [field]: url };
  try {
    let refused: unknown;
    let built: unknown;
    try {
      if (surface.startsWith('core')) built = new PolarGridEdge(options);
      else if (surface.startsWith('ai')) built = createPolarGrid(options)('qwen-3.8-27b');
      else built = new ChatPolarGrid(options);
    } catch (error) {
      refused = error;
    }
    const problems: string[] = [];
    let observed: string;
    if (refused !== undefined) {
      // The core's own classes, or on the AI SDK surface the framework's settings error (the
      // class `ai` users catch for a bad setting, as its other providers throw it).
      const cls = coreClass(refused);
      const typed =
        cls === 'ConfigurationError' ||
        cls === 'ValidationError' ||
        (surface.startsWith('ai') && errorName(refused) === 'AI_LoadSettingError');
      if (!typed)
        problems.push(`refused with ${errorName(refused)}, not a typed configuration error`);
      const leaks = errorChain(refused).flatMap((e) => secretViews(e, [PASSWORD]));
      if (leaks.length > 0) problems.push(`the password is printed by ${leaks.join(', ')}`);
      observed = `refused at construction: ${errorName(refused)}${leaks.length ? `, password in ${leaks.join(', ')}` : ', password not shown'}`;
    } else {
      problems.push('accepted at construction');
      const leaks = secretViews(built, [PASSWORD]);
      if (leaks.length > 0)
        problems.push(`the built object prints the password (${leaks.join(', ')})`);
      const chatSurface: ChatSurface = surface.startsWith('core')
        ? 'core createChatCompletion'
        : surface.startsWith('ai')
          ? 'ai generateText'
          : 'langchain invoke';
      const view = await runChat(
        chatSurface,
        { apiKey: SENTINEL_KEY, [field]: url, timeout: 500 },
        {
          prompt: 'Say hello.',
          limitMs: CELL_LIMIT_MS,
        },
      );
      observed = `built without complaint; a call then: ${describeChat(view, server.requests.length)}`;
    }
    if (server.requests.length > 0)
      problems.push(`${server.requests.length} request(s) reached the server`);
    return { observed, problems };
  } finally {
    await server.close();
  }
}

const NO_LEAK =
  'no part of any key shape in the error (message, details, responseBody, headers, JSON.stringify, toJSON, util.inspect, console.error, stack, cause) or the result';

export const rule2: HostileRule = {
  n: 2,
  title: 'The key stays secret in every shape',
  cases: [
    {
      id: '2a',
      edge: '200 `{"error": …}` body and an `x-echo-authorization` header echoing the key (key shapes: plain, `pg_live.AbC…`, `pg_AbC+…/…=`)',
      expected: NO_LEAK,
      surfaces: CHAT_SURFACES,
      run: (surface) => echoCell(surface, echoInErrorBody),
      sequential: true,
    },
    {
      id: '2b',
      edge: 'text, then an in-stream `{"error": …}` quoting `Authorization: Bearer <key>`',
      expected: NO_LEAK,
      surfaces: STREAMING_SURFACES,
      run: (surface) => echoCell(surface, echoInStreamError),
      sequential: true,
    },
    {
      id: '2c',
      edge: 'a good answer whose response headers echo the key (`x-echo-authorization`, `set-cookie`)',
      expected: NO_LEAK,
      surfaces: CHAT_SURFACES,
      run: (surface) => echoCell(surface, echoInSuccessHeaders),
      sequential: true,
    },
    {
      id: '2d',
      edge: '401 whose `www-authenticate` and `x-echo-authorization` headers echo the key',
      expected: NO_LEAK,
      surfaces: CHAT_SURFACES,
      run: (surface) => echoCell(surface, echoIn401Headers),
      sequential: true,
    },
    {
      id: '2e',
      edge: '(no edge) credential headers given at construction: `authorization`, `cookie`, `x-api-key`',
      expected:
        'JSON.stringify, toJSON(), util.inspect, console.error of the object show none of the credentials',
      surfaces: Object.keys(CREDENTIAL_OBJECTS),
      run: credentialObjectCell,
    },
    {
      id: '2f',
      edge: '(no edge) a `http://user:pass@host` URL',
      expected:
        'refused at construction with a typed error (core: ConfigurationError/ValidationError; AI SDK: LoadSettingError) that does not print the password; the server gets nothing',
      surfaces: [
        'core PolarGridEdge baseURL',
        'core PolarGridEdge autorouterURL',
        'ai createPolarGrid baseURL',
        'langchain ChatPolarGrid baseURL',
      ],
      run: credentialURLCell,
    },
  ],
};
