import type { Serialized, SerializedConstructor } from '@langchain/core/load/serializable';
import { containsSecret, withoutCredentials } from '@polargrid/core';

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

/** Serialised fields that are name → value records filtered entry by entry. */
const RECORD_FIELDS = ['headers', 'default_headers', 'query_params'];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A class's `toJSON()` without credentials. LangChain's serialiser already swaps the key for a
 * secret reference (`lc_secrets`); it knows nothing of headers. This drops, by the core's rules,
 * credential entries of `headers`, `default_headers` and `query_params` (authorization, cookies,
 * API keys, anything with the key in it) and any other field whose value holds the key. The
 * same view is what `console.log(model)` prints.
 */
export function withoutCredentialFields(serialized: Serialized, apiKey: unknown): Serialized {
  if (serialized.type !== 'constructor') return serialized;
  const key = typeof apiKey === 'string' ? apiKey : undefined;
  const kwargs: SerializedConstructor['kwargs'] = {};
  for (const [name, value] of Object.entries(serialized.kwargs)) {
    if (name === 'api_key') kwargs[name] = value;
    else if (RECORD_FIELDS.includes(name) && isRecord(value)) {
      kwargs[name] = withoutCredentials(value, key);
    } else if (!containsSecret(value, key)) kwargs[name] = value;
  }
  return { ...serialized, kwargs };
}
