import type { JSONObject } from '@ai-sdk/provider';
import { LoadAPIKeyError } from '@ai-sdk/provider';
import {
  getRuntimeEnvironmentUserAgent,
  resolve,
  withUserAgentSuffix,
} from '@ai-sdk/provider-utils';
import { EdgeClient } from '@polargrid/core';
import { getEnv } from '@polargrid/core/internal';
import type { PolarGridProviderSettings } from './polargrid-settings.js';
import { checkCallerHeaders } from './request-headers.js';
import { VERSION } from './version.js';

const MISSING_KEY =
  'PolarGrid API key is missing. Pass it using the `apiKey` setting of createPolarGrid() or the POLARGRID_API_KEY environment variable.';
const MISSING_KEY_NO_ENV =
  'PolarGrid API key is missing, and this runtime has no environment variables (no readable `process.env`). Pass it using the `apiKey` setting of createPolarGrid().';

/** Whether `process.env` can be read here (not in browsers, Workers, or Deno without --allow-env). */
function hasEnv(): boolean {
  try {
    const proc = (globalThis as { process?: { env?: unknown } }).process;
    return typeof proc?.env === 'object' && proc.env !== null;
  } catch {
    return false;
  }
}

/**
 * Wraps `fetch` for what the core has no option for: the `User-Agent` suffix
 * `ai-sdk/polargrid/<VERSION> <runtime>` (appended to `ai`'s own `ai/<version>`, like every AI SDK
 * provider) and the `queryParams` setting (existing parameters win). Only edge API calls are
 * touched: the core sends the key only to edges, never to the autorouter or a health check, so a
 * request with an `Authorization` header is exactly an edge API call.
 */
export function createEdgeFetch(
  base: typeof globalThis.fetch | undefined,
  queryParams: Record<string, string> | undefined,
): typeof globalThis.fetch {
  const params = Object.entries(queryParams ?? {});
  return (input, init) => {
    const send = base ?? globalThis.fetch;
    const headers = new Headers(init?.headers);
    if (!headers.has('authorization')) return send(input, init);
    const withSuffix = withUserAgentSuffix(
      headers,
      `ai-sdk/polargrid/${VERSION}`,
      getRuntimeEnvironmentUserAgent(),
    );
    if (params.length === 0) return send(input, { ...init, headers: withSuffix });
    const url = new URL(input instanceof Request ? input.url : String(input));
    for (const [name, value] of params) {
      if (!url.searchParams.has(name)) url.searchParams.set(name, value);
    }
    return send(input instanceof Request ? new Request(url, input) : url.toString(), {
      ...init,
      headers: withSuffix,
    });
  };
}

/**
 * Returns a getter for ONE edge client built from `settings` on first use, so every model of a
 * provider shares its route cache and single-flight autorouter lookups. The key is resolved per
 * request (settings, else env `POLARGRID_API_KEY`) and a missing key is a `LoadAPIKeyError`.
 */
export function createClientFactory(settings: PolarGridProviderSettings): () => EdgeClient {
  const apiKey = async (): Promise<string> => {
    const key =
      settings.apiKey !== undefined ? await resolve(settings.apiKey) : getEnv('POLARGRID_API_KEY');
    if (typeof key !== 'string' || key === '') {
      const message = settings.apiKey === undefined && !hasEnv() ? MISSING_KEY_NO_ENV : MISSING_KEY;
      throw new LoadAPIKeyError({ message });
    }
    return key;
  };
  let client: EdgeClient | undefined;
  return () => {
    client ??= new EdgeClient({
      apiKey,
      region: settings.region,
      baseURL: settings.baseURL,
      autorouterURL: settings.autorouterURL,
      edgeURLs: settings.edgeURLs,
      fallbackRegions: settings.fallbackRegions,
      fetch: createEdgeFetch(settings.fetch, settings.queryParams),
      headers:
        settings.headers === undefined
          ? undefined
          : async () =>
              checkCallerHeaders(
                typeof settings.headers === 'function'
                  ? await settings.headers()
                  : settings.headers,
                'settings.headers',
              ) ?? {},
      timeout: settings.timeout,
      streamIdleTimeout: settings.streamIdleTimeout,
      // `ai` retries (maxRetries, honouring retry-after); the core must not retry underneath it.
      maxRetries: 0,
      maxFailovers: settings.maxFailovers,
      discoveryTimeout: settings.discoveryTimeout,
      debug: settings.debug,
      dangerouslyAllowBrowser: settings.dangerouslyAllowBrowser,
      clientName: `ai-sdk/polargrid/${VERSION}`,
    });
    return client;
  };
}

const SERIALIZABLE_KEYS = [
  'region',
  'baseURL',
  'autorouterURL',
  'edgeURLs',
  'fallbackRegions',
  'includeUsage',
  'timeout',
  'streamIdleTimeout',
  'maxFailovers',
  'discoveryTimeout',
  'dangerouslyAllowBrowser',
] as const satisfies ReadonlyArray<keyof PolarGridProviderSettings>;

/** Header and query parameter names that carry credentials by convention. */
const CREDENTIAL_NAME = /authorization|cookie|api[-_]?key|token|secret|password|credential/i;
/** A PolarGrid key (`pg_…`) anywhere in a value. */
const PG_KEY = /\bpg_[A-Za-z0-9_-]{6,}/;

/**
 * The settings a model carries across a workflow step boundary. The key never does: after
 * deserialisation it is read from `POLARGRID_API_KEY` again. Left out as well: functions
 * (`fetch`, a key or header resolver, a debug logger), headers and query parameters whose name
 * says they are credentials, and any value that contains the key or anything shaped like a
 * PolarGrid key (a URL with a key in it, a custom auth header).
 */
export function serializableSettings(settings: PolarGridProviderSettings): JSONObject {
  const key = typeof settings.apiKey === 'string' && settings.apiKey !== '' ? settings.apiKey : '';
  const secret = (value: unknown): boolean => {
    const text = JSON.stringify(value) ?? '';
    return PG_KEY.test(text) || (key !== '' && text.includes(key));
  };
  const out: JSONObject = {};
  for (const name of SERIALIZABLE_KEYS) {
    const value = settings[name];
    if (value !== undefined && !secret(value)) out[name] = value as JSONObject[string];
  }
  const pairs = (record: Record<string, string | undefined>): JSONObject => {
    const kept: JSONObject = {};
    for (const [name, value] of Object.entries(record)) {
      if (value !== undefined && !CREDENTIAL_NAME.test(name) && !secret(value)) kept[name] = value;
    }
    return kept;
  };
  if (settings.headers !== undefined && typeof settings.headers !== 'function') {
    out.headers = pairs(settings.headers);
  }
  if (settings.queryParams !== undefined) out.queryParams = pairs(settings.queryParams);
  if (typeof settings.debug === 'boolean') out.debug = settings.debug;
  return out;
}
