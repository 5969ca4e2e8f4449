/**
 * Rule 17 (issue 21, rule 5): server values never reach a prototype lookup, and absurd numbers
 * from a server are ignored with a warning.
 */
import { PolarGridEdge, listServedModels } from '@polargrid/core';
import { SENTINEL_KEY } from '../../security/secrets.ts';
import { runChat, STREAMING_SURFACES } from '../chat-surfaces.ts';
import { describeChat, expectSuccess } from '../checks.ts';
import { startHostileServer } from '../hostile-server.ts';
import { CELL_LIMIT_MS, IDLE_MS, type HostileRule, TIMEOUT_MS } from '../rule.ts';
import { answerText, sendJSON } from '../wire.ts';

export const rule17: HostileRule = {
  n: 17,
  title: 'Server values never reach a prototype lookup (issue 21)',
  cases: [
    {
      id: '17a',
      edge: '`/v1/models` lists `pg_model_type: "constructor"` with `context_length: 1e300`',
      expected: 'no type (never a function), no context window, two warnings on the model',
      surfaces: ['core listServedModels'],
      run: async () => {
        const server = await startHostileServer((_req, res) =>
          sendJSON(
            res,
            200,
            JSON.stringify({
              object: 'list',
              data: [{ id: 'proto-model', pg_model_type: 'constructor', context_length: 1e300 }],
            }),
          ),
        );
        try {
          const edge = new PolarGridEdge({ apiKey: SENTINEL_KEY, baseURL: server.url });
          const [model] = await listServedModels(edge);
          const problems: string[] = [];
          if (model?.type !== undefined) problems.push(`type is a ${typeof model?.type}`);
          if (model?.capabilities?.contextWindow !== undefined)
            problems.push(`context window ${model.capabilities.contextWindow}`);
          if (model?.warnings?.length !== 2)
            problems.push(`${model?.warnings?.length ?? 0} warning(s)`);
          return {
            observed: `type ${typeof model?.type}, context window ${String(model?.capabilities?.contextWindow)}, ${model?.warnings?.length ?? 0} warning(s): ${(model?.warnings ?? []).join(' ')}`,
            problems,
          };
        } finally {
          await server.close();
        }
      },
    },
    {
      id: '17b',
      edge: '(autorouter) routes to region `"constructor"` with endpoint `"constructor"`',
      expected: 'the region finds no edge URL (own entries only): the fallback edge answers',
      surfaces: STREAMING_SURFACES,
      run: async (surface) => {
        const edge = await startHostileServer((req, res) =>
          answerText(req, res, ['fallback ', 'answer']),
        );
        const autorouter = await startHostileServer((_req, res) =>
          sendJSON(res, 200, JSON.stringify({ region: 'constructor', endpoint: 'constructor' })),
        );
        try {
          const view = await runChat(
            surface as Parameters<typeof runChat>[0],
            {
              apiKey: SENTINEL_KEY,
              autorouterURL: autorouter.url,
              edgeURLs: { 'yto-01': edge.url },
              fallbackRegions: ['yto-01'],
              timeout: TIMEOUT_MS,
              streamIdleTimeout: IDLE_MS,
            },
            { prompt: 'Say hello.', limitMs: CELL_LIMIT_MS },
          );
          const problems = expectSuccess(view);
          if (view.text !== 'fallback answer') problems.push(`text ${JSON.stringify(view.text)}`);
          return { observed: describeChat(view, edge.requests.length), problems };
        } finally {
          await edge.close();
          await autorouter.close();
        }
      },
    },
  ],
};
