import type { Resolvable } from '../client/options.js';
import { ConfigurationError } from '../errors/error-classes.js';
import { isBrowserPage } from '../util/runtime.js';

const MISSING =
  'No PolarGrid API key. Pass the `apiKey` option or set the POLARGRID_API_KEY environment variable (keys start with "pg_"; create one in Console → Settings → API Keys).';

/** Checks a key's shape without echoing it. Loose on purpose: PolarGrid documents only the prefix. */
export function assertKeyFormat(key: string): void {
  const trimmed = key.trim();
  if (trimmed === '') throw new ConfigurationError({ message: MISSING, code: 'missing_api_key' });
  if (!trimmed.startsWith('pg_') || trimmed.length <= 3 || /\s/.test(trimmed)) {
    throw new ConfigurationError({
      message:
        'The PolarGrid API key (option `apiKey` or POLARGRID_API_KEY) is malformed: keys start with "pg_" and contain no spaces.',
      code: 'invalid_api_key',
    });
  }
}

/** Resolves the key for one request (it may come from a function), validating it. Never logs it. */
export async function resolveApiKey(source: Resolvable<string> | undefined): Promise<string> {
  const key = typeof source === 'function' ? await source() : source;
  if (key === undefined || key === null || (typeof key === 'string' && key.trim() === '')) {
    throw new ConfigurationError({ message: MISSING, code: 'missing_api_key' });
  }
  if (typeof key !== 'string') {
    throw new ConfigurationError({
      message: 'The PolarGrid API key must be a string.',
      code: 'invalid_api_key',
    });
  }
  assertKeyFormat(key);
  return key.trim();
}

/** Refuses a key in a browser page unless the caller opted in. */
export function assertBrowserAllowed(hasKey: boolean, allow: boolean | undefined): void {
  if (!hasKey || allow || !isBrowserPage()) return;
  throw new ConfigurationError({
    message:
      'Refusing to use a PolarGrid API key in a browser page: anyone who loads the page can read it. Call PolarGrid from a server (or a route handler/edge function), or pass `dangerouslyAllowBrowser: true` if you understand the risk (e.g. a short-lived key in an internal tool).',
    code: 'browser_key',
  });
}
