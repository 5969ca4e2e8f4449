/**
 * The one place the API key is read, checked and resolved. Every key that passes through here
 * is registered with the redaction module, so it is removed verbatim from anything this package
 * shows (errors, logs), whatever its shape.
 */
import type { Resolvable } from '../types/options.js';
import { hasNonLatin1 } from '../util/check-headers.js';
import { ConfigurationError } from '../errors/error-classes.js';
import { registerSecret } from '../errors/redact.js';
import { getEnv } from '../util/env.js';
import { isBrowserPage } from '../util/runtime.js';

/** The environment variable the key is read from when no `apiKey` is given. */
export const API_KEY_ENV = 'POLARGRID_API_KEY';

type KeyErrorCode = 'missing_api_key' | 'invalid_api_key' | 'browser_key';

function keyError(message: string, code: KeyErrorCode): ConfigurationError {
  return new ConfigurationError({ message, code });
}

/** Whether this runtime has environment variables to read (not browsers, Workers, locked-down Deno). */
function hasEnvironment(): boolean {
  try {
    const proc = (globalThis as { process?: { env?: unknown } }).process;
    return typeof proc?.env === 'object' && proc.env !== null;
  } catch {
    return false;
  }
}

/**
 * The error for a missing key, saying where to set one. `setting` names the option in the
 * caller's words (default `` `apiKey` ``; an adapter passes e.g. `` the `apiKey` setting of
 * createPolarGrid() ``). On a runtime without environment variables the message does not
 * suggest one.
 */
export function missingApiKeyError(setting = '`apiKey`'): ConfigurationError {
  const where = hasEnvironment()
    ? `pass ${setting} or set the ${API_KEY_ENV} environment variable`
    : `pass ${setting} (this runtime has no environment variables, so ${API_KEY_ENV} cannot be read)`;
  return keyError(
    `No PolarGrid API key: ${where}. Create a key in Console → Settings → API Keys.`,
    'missing_api_key',
  );
}

/** Checks a key's shape without echoing it. Loose on purpose: PolarGrid documents only the prefix. */
export function assertKeyFormat(key: string, setting = '`apiKey`'): void {
  const trimmed = key.trim();
  if (trimmed === '') throw missingApiKeyError(setting);
  // "pg_", then at least one character, and no whitespace anywhere.
  if (!/^pg_\S+$/.test(trimmed)) {
    throw keyError(
      `Malformed PolarGrid API key (${setting} or ${API_KEY_ENV}): keys start with "pg_" and contain no spaces.`,
      'invalid_api_key',
    );
  }
  // It travels in an HTTP header, which carries Latin-1 only: fetch would refuse it with a
  // TypeError that looks like a network failure.
  if (hasNonLatin1(trimmed)) {
    throw keyError(
      `Malformed PolarGrid API key (${setting} or ${API_KEY_ENV}): it contains characters an HTTP header cannot carry (copied with a typographic quote or dash?).`,
      'invalid_api_key',
    );
  }
}

/** The configured key source: the option when given, else `POLARGRID_API_KEY` (blank is unset). */
export function configuredApiKey(
  apiKey: Resolvable<string> | undefined,
): Resolvable<string> | undefined {
  const key = apiKey ?? getEnv(API_KEY_ENV);
  return key === '' ? undefined : key;
}

/**
 * Resolves the key for one request (it may come from a function), validates it and registers
 * it for redaction. A missing key is a `ConfigurationError` with code `missing_api_key`; a
 * malformed one `invalid_api_key`. Never logs or echoes the key.
 *
 * @param setting - how the caller names the option, for the messages
 */
export async function resolveApiKey(
  source: Resolvable<string> | undefined,
  setting?: string,
): Promise<string> {
  const key: unknown = typeof source === 'function' ? await source() : source;
  if (key !== undefined && key !== null && typeof key !== 'string') {
    throw keyError('The PolarGrid API key must be a string.', 'invalid_api_key');
  }
  const text = (key ?? '').trim();
  assertKeyFormat(text, setting);
  // Only a well-formed key is registered: a malformed one is never sent, so never echoed, and
  // a placeholder such as "test" must not blank out that word in every later message.
  registerSecret(text);
  return text;
}

/**
 * The checks a configured key gets when the client is built: a non-blank string key must be
 * well-formed and is then registered for redaction (a function is checked when it is resolved),
 * and no key may be used in a browser page unless the caller opted in.
 */
export function checkConfiguredKey(
  key: Resolvable<string> | undefined,
  allowBrowser: boolean | undefined,
): void {
  if (typeof key === 'string' && key.trim() !== '') {
    assertKeyFormat(key);
    registerSecret(key.trim());
  }
  if (key !== undefined && key !== '' && !allowBrowser && isBrowserPage()) {
    throw keyError(
      'Refusing to use a PolarGrid API key in a browser page: anyone who loads the page can read it. Call PolarGrid from a server, or pass `dangerouslyAllowBrowser: true` to accept the risk.',
      'browser_key',
    );
  }
}
