/**
 * What of a connection's options may be stored or printed (a workflow step snapshot, a
 * LangChain `toJSON()`, `console.log(model)`): never the key, never a credential. Both adapters
 * use it, so "what counts as a credential" is decided once.
 */
import { redactSecrets } from '../errors/redact.js';
import { isRecord } from '../util/safe-json.js';
import type { PolarGridClientOptions } from '../types/options.js';

/** Header and query-parameter names that carry credentials by convention. */
const CREDENTIAL_NAME = /authorization|cookie|api[-_]?key|token|secret|password|credential/i;

/** The options that are name → value records whose entries are filtered one by one. */
const RECORD_OPTIONS: readonly string[] = [
  'headers',
  'queryParams',
] satisfies (keyof PolarGridClientOptions)[];

/**
 * Whether a value holds a secret: the configured key itself, whatever its shape, or anything the
 * core's redaction would rewrite (a `pg_…` key, a bearer token).
 */
export function containsSecret(value: unknown, apiKey?: string | undefined): boolean {
  const text = JSON.stringify(value) ?? '';
  if (redactSecrets(text) !== text) return true;
  // The key as it appears inside JSON text (quotes and backslashes escaped).
  const keyText = apiKey ? JSON.stringify(apiKey).slice(1, -1) : '';
  return keyText !== '' && text.includes(keyText);
}

/**
 * A headers or query-parameter record without the entries that carry credentials: by name
 * (`authorization`, `cookie`, `x-api-key`, `token`, …) or by value (the key, or a key-shaped value).
 */
export function withoutCredentials(
  record: Record<string, unknown>,
  apiKey?: string | undefined,
): Record<string, unknown> {
  const kept: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(record)) {
    if (value === undefined || CREDENTIAL_NAME.test(name) || containsSecret(value, apiKey))
      continue;
    kept[name] = value;
  }
  return kept;
}

/**
 * The options (and any extra settings an adapter adds beside them) that may be stored or
 * printed. Left out: the key, functions (`fetch`, a key or header resolver, a debug logger),
 * credential entries of `headers` and `queryParams`, and any other value that contains the key or
 * something shaped like a PolarGrid key (a URL with a key in it, say). No list of "safe" options
 * to keep in step: every other option is plain data and stays.
 */
export function serializableOptions(options: PolarGridClientOptions): Record<string, unknown> {
  const apiKey = typeof options.apiKey === 'string' ? options.apiKey : undefined;
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(options)) {
    if (name === 'apiKey' || value === undefined || typeof value === 'function') continue;
    if (RECORD_OPTIONS.includes(name) && isRecord(value)) {
      out[name] = withoutCredentials(value, apiKey);
    } else if (!containsSecret(value, apiKey)) {
      out[name] = value;
    }
  }
  return out;
}
