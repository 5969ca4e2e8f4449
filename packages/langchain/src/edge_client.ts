import { getEnvironmentVariable } from '@langchain/core/utils/env';
import { EdgeClient } from '@polargrid/core';
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
  /** `fetch` implementation (defaults to the global one). */
  fetch?: typeof globalThis.fetch;
  /** Per-attempt timeout to response headers, in milliseconds (core default 30 000). */
  timeout?: number;
  /** Longest silence inside a stream, in milliseconds (core default 60 000). */
  streamIdleTimeout?: number;
  /** Allow a key in a browser page (anyone can read it there). Default false. */
  dangerouslyAllowBrowser?: boolean;
}

/**
 * The one `EdgeClient` of a LangChain object. Built with `maxRetries: 0` because LangChain's
 * `AsyncCaller` does the retrying (never nested); failover between edges stays on.
 * A missing key is a clear error here, at construction, before any request.
 */
export function createEdgeClient(fields: PolarGridConnectionFields, owner: string): EdgeClient {
  const apiKey = fields.apiKey ?? getEnvironmentVariable('POLARGRID_API_KEY');
  if (apiKey === undefined || apiKey === '') {
    throw new Error(
      `PolarGrid API key not found. Pass \`apiKey\` to ${owner} or set the POLARGRID_API_KEY environment variable.`,
    );
  }
  return new EdgeClient({
    apiKey,
    region: fields.region,
    baseURL: fields.baseURL,
    autorouterURL: fields.autorouterURL,
    edgeURLs: fields.edgeURLs,
    headers: fields.headers,
    fetch: fields.fetch,
    timeout: fields.timeout,
    streamIdleTimeout: fields.streamIdleTimeout,
    dangerouslyAllowBrowser: fields.dangerouslyAllowBrowser,
    maxRetries: 0,
    clientName: `langchain/polargrid/${PACKAGE_VERSION}`,
  });
}
