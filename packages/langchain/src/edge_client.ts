import { getEnvironmentVariable } from '@langchain/core/utils/env';
import { ConfigurationError, EdgeClient } from '@polargrid/core';
import { PACKAGE_VERSION } from './version.js';

/** Connection fields shared by ChatPolarGrid, PolarGridEmbeddings and PolarGridLLM. */
export interface PolarGridConnectionFields {
  /** `pg_*` key. Default: the `POLARGRID_API_KEY` environment variable. Sent only to edges. */
  apiKey?: string;
  /** Pin a region by id or alias (`yto-01`, `toronto`). */
  region?: string;
  /** An explicit edge base URL; disables routing. */
  baseURL?: string;
  /** Autorouter base URL (the edge emulator hands one out). */
  autorouterURL?: string;
  /** Edge base URLs by region id. */
  edgeURLs?: Record<string, string>;
  /** Extra headers on every request. */
  headers?: Record<string, string>;
  /** Alias of `headers`, under the name `@langchain/openai` uses; `headers` wins on a clash. */
  defaultHeaders?: Record<string, string>;
  /** `fetch` implementation (defaults to the global one). */
  fetch?: typeof globalThis.fetch;
  /** Per-attempt timeout to response headers, in milliseconds (core default 30 000). */
  timeout?: number;
  /** Longest silence inside a stream, in milliseconds (core default 60 000). */
  streamIdleTimeout?: number;
  /** Allow a key in a browser page (anyone can read it there). Default false. */
  dangerouslyAllowBrowser?: boolean;
}

/** `lc_secrets` of the serialisable PolarGrid classes: the key is stored as a secret reference. */
export const CONNECTION_SECRETS: Readonly<Record<string, string>> = {
  apiKey: 'POLARGRID_API_KEY',
};

/**
 * `lc_aliases` of the serialisable PolarGrid classes. Explicit, because LangChain's snake_casing
 * would turn `edgeURLs` into `edge_ur_ls` and fail to map it back on `load()`.
 */
export const CONNECTION_ALIASES: Readonly<Record<string, string>> = {
  apiKey: 'api_key',
  baseURL: 'base_url',
  autorouterURL: 'autorouter_url',
  edgeURLs: 'edge_urls',
};

/**
 * Returns a getter for the one `EdgeClient` of a LangChain object, built on first use with
 * `maxRetries: 0` because LangChain's `AsyncCaller` does the retrying (never nested); failover
 * between edges stays on.
 *
 * A missing key is a clear error at once, at construction. The client itself (which also
 * validates the key's format) is built lazily so that LangChain's conformance checks, which
 * construct models with the placeholder key "test", pass; a malformed key then fails the first
 * call with a non-retryable `ConfigurationError`, before any request.
 */
export function lazyEdgeClient(fields: PolarGridConnectionFields, owner: string): () => EdgeClient {
  const apiKey = fields.apiKey ?? getEnvironmentVariable('POLARGRID_API_KEY');
  if (apiKey === undefined || apiKey === '') {
    throw new ConfigurationError({
      message: `PolarGrid API key not found. Pass \`apiKey\` to ${owner} or set the POLARGRID_API_KEY environment variable.`,
      code: 'missing_api_key',
    });
  }
  let client: EdgeClient | undefined;
  return () => {
    client ??= createEdgeClient(fields, apiKey);
    return client;
  };
}

function createEdgeClient(fields: PolarGridConnectionFields, apiKey: string): EdgeClient {
  return new EdgeClient({
    apiKey,
    region: fields.region,
    baseURL: fields.baseURL,
    autorouterURL: fields.autorouterURL,
    edgeURLs: fields.edgeURLs,
    headers:
      fields.defaultHeaders === undefined
        ? fields.headers
        : { ...fields.defaultHeaders, ...fields.headers },
    fetch: fields.fetch,
    timeout: fields.timeout,
    streamIdleTimeout: fields.streamIdleTimeout,
    dangerouslyAllowBrowser: fields.dangerouslyAllowBrowser,
    maxRetries: 0,
    clientName: `langchain/polargrid/${PACKAGE_VERSION}`,
  });
}
