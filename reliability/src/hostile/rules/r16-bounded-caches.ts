/**
 * Rule 16 (issue 21, rule 4): every cache is bounded and forgets what expired. Observed from
 * outside: after 300 distinct model ids, the first one's route was dropped (the cap is 256), so
 * the autorouter is asked for it again. The AI SDK provider and LangChain share the core's router.
 */
import { createChatCompletion, PolarGridEdge } from '@polargrid/core';
import { SENTINEL_KEY } from '../../security/secrets.ts';
import { startHostileServer } from '../hostile-server.ts';
import type { HostileRule } from '../rule.ts';
import { answerText, sendJSON } from '../wire.ts';

const MODELS = 300;

export const rule16: HostileRule = {
  n: 16,
  title: 'Every cache is bounded (issue 21)',
  cases: [
    {
      id: '16a',
      edge: `(autorouter) a route with \`ttl: 3600\` for each of ${MODELS} distinct model ids`,
      expected: 'at most 256 routes kept: the first model is looked up again after the others',
      surfaces: ['core (the router under every surface)'],
      run: async () => {
        const edge = await startHostileServer((req, res) => answerText(req, res, ['ok']));
        const autorouter = await startHostileServer((_req, res) =>
          sendJSON(res, 200, JSON.stringify({ region: 'yto-01', endpoint: edge.url, ttl: 3600 })),
        );
        try {
          const client = new PolarGridEdge({
            apiKey: SENTINEL_KEY,
            autorouterURL: autorouter.url,
            edgeURLs: { 'yto-01': edge.url },
            maxRetries: 0,
          });
          const ask = (model: string) =>
            createChatCompletion(client, { model, messages: [{ role: 'user', content: 'hi' }] });
          for (let i = 0; i < MODELS; i++) await ask(`model-${i}`);
          const before = autorouter.requests.length;
          await ask('model-0');
          const again = autorouter.requests.length - before;
          return {
            observed: `${before} lookups for ${MODELS} models; model-0 again: ${again === 1 ? 'looked up again (evicted)' : 'answered from the cache'}`,
            problems:
              again === 1
                ? []
                : ['model-0 was still cached after 300 others: the cache is not bounded'],
          };
        } finally {
          await edge.close();
          await autorouter.close();
        }
      },
    },
  ],
};
