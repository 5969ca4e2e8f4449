import type { JSONObject } from '@ai-sdk/provider';
import { LoadAPIKeyError } from '@ai-sdk/provider';
import { resolve } from '@ai-sdk/provider-utils';
import { EdgeClient, getEnv } from '@polargrid/core';
import type { PolarGridProviderSettings } from './polargrid-settings.js';
import { VERSION } from './version.js';

const MISSING_KEY =
  'PolarGrid API key is missing. Pass it using the `apiKey` setting of createPolarGrid() or the POLARGRID_API_KEY environment variable.';

/**
 * Returns a getter for ONE edge client built from `settings` on first use, so every model of a
 * provider shares its route cache and single-flight autorouter lookups. The key is resolved per
 * request (settings, else env `POLARGRID_API_KEY`) and a missing key is a `LoadAPIKeyError`.
 */
export function createClientFactory(settings: PolarGridProviderSettings): () => EdgeClient {
  const apiKey = async (): Promise<string> => {
    const key =
      settings.apiKey !== undefined ? await resolve(settings.apiKey) : getEnv('POLARGRID_API_KEY');
    if (typeof key !== 'string' || key === '') throw new LoadAPIKeyError({ message: MISSING_KEY });
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
      fetch: settings.fetch,
      headers: settings.headers,
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

/**
 * The settings a model carries across a workflow step boundary. The key never does: after
 * deserialisation it is read from `POLARGRID_API_KEY` again. Functions (`fetch`, a key or
 * header resolver, a debug logger) cannot be serialised and are left out too.
 */
export function serializableSettings(settings: PolarGridProviderSettings): JSONObject {
  const out: JSONObject = {};
  for (const key of SERIALIZABLE_KEYS) {
    const value = settings[key];
    if (value !== undefined) out[key] = value as JSONObject[string];
  }
  if (settings.headers !== undefined && typeof settings.headers !== 'function') {
    const headers: JSONObject = {};
    for (const [name, value] of Object.entries(settings.headers)) {
      // An Authorization header would carry the key: never serialise it.
      if (value !== undefined && name.toLowerCase() !== 'authorization') headers[name] = value;
    }
    out.headers = headers;
  }
  if (typeof settings.debug === 'boolean') out.debug = settings.debug;
  return out;
}
