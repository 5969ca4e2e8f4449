import type { Resolvable } from '../client/options.js';
import { ConfigurationError } from '../errors/error-classes.js';
import { canReadEnv } from '../util/env.js';
import { isBrowserPage } from '../util/runtime.js';

function keyError(
  message: string,
  code: 'missing_api_key' | 'invalid_api_key' | 'browser_key',
): ConfigurationError {
  return new ConfigurationError({ message, code });
}

/**
 * The error for "no key at all". Where the runtime has no readable environment (browsers, Workers,
 * Deno without --allow-env) it says so, since POLARGRID_API_KEY cannot help there.
 */
export function missingApiKeyError(): ConfigurationError {
  return keyError(
    canReadEnv()
      ? 'No PolarGrid API key: pass `apiKey` or set POLARGRID_API_KEY (create a key in Console → Settings → API Keys).'
      : 'No PolarGrid API key, and this runtime has no environment variables (no readable `process.env`): pass `apiKey` (create a key in Console → Settings → API Keys).',
    'missing_api_key',
  );
}

/** Checks a key's shape without echoing it. Loose on purpose: PolarGrid documents only the prefix. */
export function assertKeyFormat(key: string): void {
  const trimmed = key.trim();
  if (trimmed === '') throw missingApiKeyError();
  // "pg_", then at least one character, and no whitespace anywhere.
  if (!/^pg_\S+$/.test(trimmed)) {
    throw keyError(
      'Malformed PolarGrid API key (`apiKey` or POLARGRID_API_KEY): keys start with "pg_" and contain no spaces.',
      'invalid_api_key',
    );
  }
}

/** Resolves the key for one request (it may come from a function), validating it. Never logs it. */
export async function resolveApiKey(source: Resolvable<string> | undefined): Promise<string> {
  const key: unknown = typeof source === 'function' ? await source() : source;
  if (key !== undefined && key !== null && typeof key !== 'string') {
    throw keyError('The PolarGrid API key must be a string.', 'invalid_api_key');
  }
  // A missing key is checked as an empty one: assertKeyFormat reports it as missing.
  const text = key ?? '';
  assertKeyFormat(text);
  return text.trim();
}

/**
 * The checks a configured key gets when the client is built: a non-blank string key must be
 * well-formed (a function is checked per request), and no key may be used in a browser page
 * unless the caller opted in.
 */
export function checkConfiguredKey(
  key: Resolvable<string> | undefined,
  allowBrowser: boolean | undefined,
): void {
  if (typeof key === 'string' && key.trim() !== '') assertKeyFormat(key);
  if (key !== undefined && key !== '' && !allowBrowser && isBrowserPage()) {
    throw keyError(
      'Refusing to use a PolarGrid API key in a browser page: anyone who loads the page can read it. Call PolarGrid from a server, or pass `dangerouslyAllowBrowser: true` to accept the risk.',
      'browser_key',
    );
  }
}
