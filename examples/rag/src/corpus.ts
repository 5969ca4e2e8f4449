/** The documents the RAG example indexes: short notes about running on PolarGrid. */
import type { DocumentInterface } from '@langchain/core/documents';

export const CORPUS: DocumentInterface[] = [
  {
    id: 'rate-limits',
    pageContent:
      'Rate limits: PolarGrid allows 100 requests per minute per API key. When the limit is ' +
      'exceeded the edge answers 429 with a Retry-After header; clients should wait and retry.',
    metadata: { source: 'guides/rate-limits.md' },
  },
  {
    id: 'autorouter',
    pageContent:
      'Autorouter: GET /v1/route on the autorouter returns the nearest edge region, its name, ' +
      'its endpoint and a ttl. Clients cache the route for ttl seconds and then ask again.',
    metadata: { source: 'guides/autorouter.md' },
  },
  {
    id: 'kokoro-voices',
    pageContent:
      'Text to speech: kokoro-82m offers eight preset voices, af_bella, af_sarah, am_adam, ' +
      'am_michael, bf_emma, bf_isabella, bm_george and bm_lewis, at 24 kHz mono.',
    metadata: { source: 'models/kokoro-82m.md' },
  },
  {
    id: 'thinking',
    pageContent:
      'Reasoning: set enable_thinking to true and Qwen models write their reasoning inline ' +
      'between think tags before the answer; time to first token rises with thinking on.',
    metadata: { source: 'models/qwen.md' },
  },
  {
    id: 'regions',
    pageContent:
      'Regions: edges run in Toronto (yto-01), Montreal (yul-01) and Vancouver (yvr-02), plus ' +
      'New York, Dallas and San Francisco. Region aliases such as toronto or yul are accepted.',
    metadata: { source: 'guides/regions.md' },
  },
  {
    id: 'api-keys',
    pageContent:
      'API keys start with pg_ and are sent only to edges as a Bearer token. Keys are shown once ' +
      'when created in the console; use a separate key per environment and rotate them.',
    metadata: { source: 'guides/authentication.md' },
  },
];

export const DEFAULT_QUESTION = 'How many requests per minute does PolarGrid allow per API key?';
