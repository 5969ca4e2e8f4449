import { ConfigurationError, PolarGridEdge, type PolarGridClientOptions } from '@polargrid/core';
import { toLangChainError } from './errors.js';
import { PACKAGE_VERSION } from './version.js';

/**
 * Connection fields of ChatPolarGrid, PolarGridEmbeddings and PolarGridLLM: the core's
 * connection options (`apiKey`, `region`, `baseURL`, `autorouterURL`, `edgeURLs`,
 * `fallbackRegions`, `headers`, `queryParams`, `fetch`, `timeout`, `streamIdleTimeout`,
 * `maxFailovers`, `discoveryTimeout`, `debug`, `dangerouslyAllowBrowser`, `userAgentSuffix`,
 * `hedge`), each behaving as documented there, plus `defaultHeaders`.
 *
 * Left out because the package sets them itself:
 * - `maxRetries` is LangChain's own field (its `AsyncCaller` retries), so the core never retries
 *   underneath it;
 * - `clientName` identifies the package (`langchain/polargrid/<VERSION>`);
 * - `requireApiKey` is always on (see {@link connectEdgeClient}).
 */
export interface PolarGridConnectionFields
  extends Omit<PolarGridClientOptions, 'maxRetries' | 'clientName' | 'requireApiKey'> {
  /** Alias of `headers`, under the name `@langchain/openai` uses; `headers` wins on a clash. */
  defaultHeaders?: Record<string, string>;
}

/** `headers` over `defaultHeaders` (either may be unset; `headers` may be a function). */
function mergedHeaders(fields: PolarGridConnectionFields): PolarGridClientOptions['headers'] {
  const { headers, defaultHeaders } = fields;
  if (defaultHeaders === undefined) return headers;
  if (typeof headers === 'function') {
    return async () => ({ ...defaultHeaders, ...(await headers()) });
  }
  return { ...defaultHeaders, ...headers };
}

/**
 * Builds the one `PolarGridEdge` of a LangChain object from its constructor fields, passed to the
 * core as they are (the core reads its own options and nothing else), and returns its getter.
 * The package overrides `maxRetries: 0` (LangChain's `AsyncCaller` retries; failover between
 * edges stays on) and its client name.
 *
 * The key follows LangChain's conventions rather than the core's defaults:
 * - a missing key (neither `apiKey` nor `POLARGRID_API_KEY`) fails here, at construction, as
 *   LangChain integrations do (`requireApiKey`);
 * - a malformed key fails the first call, not construction, with the core's `ConfigurationError`
 *   (stamped non-retryable): LangChain's conformance tests construct models with the placeholder
 *   key "test".
 */
export function connectEdgeClient(fields: PolarGridConnectionFields): () => PolarGridEdge {
  let client: PolarGridEdge;
  try {
    client = new PolarGridEdge({
      ...fields,
      headers: mergedHeaders(fields),
      maxRetries: 0,
      clientName: `langchain/polargrid/${PACKAGE_VERSION}`,
      requireApiKey: true,
    });
  } catch (error) {
    const mapped = toLangChainError(error);
    if (error instanceof ConfigurationError && error.code === 'invalid_api_key') {
      return () => {
        throw mapped;
      };
    }
    throw mapped;
  }
  return () => client;
}
