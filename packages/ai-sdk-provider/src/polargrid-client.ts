import type { JSONObject } from '@ai-sdk/provider';
import { getRuntimeEnvironmentUserAgent } from '@ai-sdk/provider-utils';
import { PolarGridEdge } from '@polargrid/core';
import { serializableOptions } from '@polargrid/core/internal';
import type { PolarGridProviderSettings } from './polargrid-settings.js';
import { checkCallerHeaders } from './request-headers.js';
import { VERSION } from './version.js';

/**
 * Returns a getter for ONE edge client built from `settings` on first use, so every model of a
 * provider shares its route cache and single-flight autorouter lookups. The settings go to the
 * core as they are (the key, env fallbacks and validation are the core's); the provider only
 * overrides what it owns: no core retries under `ai`'s, its name in `x-polargrid-client` and the
 * `User-Agent`, and a check that the `headers` setting carries no `Authorization`.
 */
export function createClientFactory(settings: PolarGridProviderSettings): () => PolarGridEdge {
  const { includeUsage: _reportedByModels, headers, ...options } = settings;
  let client: PolarGridEdge | undefined;
  return () => {
    client ??= new PolarGridEdge({
      ...options,
      headers:
        headers === undefined
          ? undefined
          : async () =>
              checkCallerHeaders(
                typeof headers === 'function' ? await headers() : headers,
                'settings.headers',
              ) ?? {},
      // `ai` retries (maxRetries, honouring retry-after); the core must not retry underneath it.
      maxRetries: 0,
      clientName: `ai-sdk/polargrid/${VERSION}`,
      // Appended to `ai`'s own `ai/<version>`, as every AI SDK provider does.
      userAgentSuffix: `ai-sdk/polargrid/${VERSION} ${getRuntimeEnvironmentUserAgent()}`,
    });
    return client;
  };
}

/**
 * The settings a model carries across a workflow step boundary: the core's serialisable view
 * (never the key, a function or a credential). After deserialisation the key is read from
 * `POLARGRID_API_KEY` again.
 */
export function serializableSettings(settings: PolarGridProviderSettings): JSONObject {
  return serializableOptions(settings) as JSONObject;
}
