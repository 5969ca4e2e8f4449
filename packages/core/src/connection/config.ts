import type { PolarGridErrorCode } from '../errors/codes.js';
import { checkConfiguredKey, configuredApiKey } from '../auth/api-key.js';
import { checkHeaders } from '../util/check-headers.js';
import { ConfigurationError } from '../errors/error-classes.js';
import { redactSecrets } from '../errors/redact.js';
import { resolveRegionId } from '../regions/resolve.js';
import { DEFAULT_AUTOROUTER_URL, DEFAULT_FALLBACK_REGIONS } from '../regions/table.js';
import { getEnv } from '../util/env.js';
import type { PolarGridClientOptions, Resolvable } from '../types/options.js';

/** Defaults of the numeric options (documented in options.ts and the README). */
export const DEFAULTS = {
  timeout: 30_000,
  streamIdleTimeout: 60_000,
  maxRetries: 3,
  maxFailovers: 2,
  discoveryTimeout: 2_000,
} as const;

/** Options after env fallbacks and validation. */
export interface ResolvedConfig {
  apiKey: Resolvable<string> | undefined;
  region: string | undefined;
  baseURL: string | undefined;
  autorouterURL: string;
  autorouterTrusted: boolean;
  edgeURLs: Record<string, string> | undefined;
  fallbackRegions: readonly string[];
  timeout: number;
  streamIdleTimeout: number;
  maxRetries: number;
  maxFailovers: number;
  discoveryTimeout: number;
}

/** An option's environment fallback: `env('BASE_URL')` reads `POLARGRID_BASE_URL`. */
function env(name: string): string | undefined {
  return getEnv(`POLARGRID_${name}`);
}

/**
 * A bad URL option's value for a message. A value with an `@` may hold `user:pass@` in any
 * malformed shape, so it is not shown at all; anything else is shown with key-shaped text
 * redacted.
 */
function shownURL(value: string): string {
  return value.includes('@')
    ? '(not shown: it contains "@")'
    : JSON.stringify(redactSecrets(value));
}

/** `pg_` followed by anything but a delimiter: an API key, wherever it sits in a URL. */
const KEY_IN_URL = /pg_[^\s/?#&=;,]/;

function urlError(message: string, code: PolarGridErrorCode): ConfigurationError {
  return new ConfigurationError({ message, code });
}

/**
 * Checks an http(s) URL option (`envName` is its variable after `POLARGRID_`); drops trailing
 * slashes. Refused: anything but http(s); a `user:pass@` part (PolarGrid authenticates with the
 * API key only, and a password in a URL ends up in logs, errors and other hosts' hands); and
 * anything key-shaped in the URL (`?key=pg_…`), which would travel to whichever host the URL
 * names, the autorouter included. Messages never show the credentials or the key.
 */
function checkURL(value: string, option: string, envName: string): string {
  const name = `${option} (or POLARGRID_${envName})`;
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    // Not a URL at all: reported below like any other scheme.
  }
  if (url?.protocol !== 'https:' && url?.protocol !== 'http:') {
    throw urlError(
      `${name} must be an http(s) URL (got ${shownURL(String(value))}).`,
      'invalid_url',
    );
  }
  if (url.username !== '' || url.password !== '') {
    throw urlError(
      `${name} must not contain a user name or password (user:pass@host): PolarGrid authenticates with the API key, sent only to edges. Remove the credentials from the URL.`,
      'credentials_in_url',
    );
  }
  if (KEY_IN_URL.test(url.pathname + url.search + url.hash)) {
    throw urlError(
      `${name} must not carry an API key: pass the key as \`apiKey\` (or POLARGRID_API_KEY), never in a URL.`,
      'secret_in_url',
    );
  }
  return value.trim().replace(/\/+$/, '');
}

/** `https://edge/v1/` → `https://edge`: the base URL is accepted with or without `/v1`. */
export function normalizeBaseURL(value: string): string {
  return checkURL(value, 'baseURL', 'BASE_URL').replace(/\/v1$/, '');
}

/** Parses `POLARGRID_EDGE_URLS` (`yto-01=http://…,yul-01=http://…`). */
export function parseEdgeURLs(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of text.split(',')) {
    const item = part.trim();
    if (item === '') continue;
    const eq = item.indexOf('=');
    if (eq <= 0) {
      throw new ConfigurationError({
        message: `POLARGRID_EDGE_URLS must look like "yto-01=http://127.0.0.1:4001,yul-01=…" (bad item ${shownURL(item)}).`,
        code: 'invalid_edge_urls',
      });
    }
    out[item.slice(0, eq).trim()] = item.slice(eq + 1).trim();
  }
  return out;
}

/** The numeric options, in {@link DEFAULTS} order: each a number ≥ 0, or its default when unset. */
function numericOptions(options: PolarGridClientOptions): Record<keyof typeof DEFAULTS, number> {
  const numbers = {} as Record<keyof typeof DEFAULTS, number>;
  for (const name of Object.keys(DEFAULTS) as (keyof typeof DEFAULTS)[]) {
    const value = options[name];
    // `!(value >= 0)` also refuses NaN.
    if (value !== undefined && (typeof value !== 'number' || !(value >= 0))) {
      throw new ConfigurationError({
        message: `${name} must be a number ≥ 0 (got ${String(value)}).`,
        code: 'invalid_option',
      });
    }
    numbers[name] = value ?? DEFAULTS[name];
  }
  return numbers;
}

/**
 * Checks the URL options a caller gave (not their env fallbacks) the way the client will:
 * http(s) only, no credentials, no key. For adapters that build their client lazily (the key
 * may be set later) but must refuse a bad URL when they are created.
 */
export function checkURLOptions(
  options: Pick<PolarGridClientOptions, 'baseURL' | 'autorouterURL' | 'edgeURLs'>,
): void {
  if (options.baseURL !== undefined) normalizeBaseURL(options.baseURL);
  if (options.autorouterURL !== undefined) {
    checkURL(options.autorouterURL, 'autorouterURL', 'AUTOROUTER_URL');
  }
  for (const url of Object.values(options.edgeURLs ?? {})) checkURL(url, 'edgeURLs', 'EDGE_URLS');
}

/** Applies env fallbacks and validates everything that can be checked without the network. */
export function resolveConfig(options: PolarGridClientOptions): ResolvedConfig {
  const apiKey = configuredApiKey(options.apiKey);
  checkConfiguredKey(apiKey, options.dangerouslyAllowBrowser);
  // Headers given as an object are checked now; a headers function when it is resolved.
  if (typeof options.headers !== 'function') checkHeaders(options.headers, 'headers');
  // clientName travels in the x-polargrid-client header.
  checkHeaders({ 'x-polargrid-client': options.clientName }, 'clientName');

  const regionInput = options.region ?? env('REGION');
  const baseURLInput = options.baseURL ?? env('BASE_URL');
  const autorouterInput = options.autorouterURL ?? env('AUTOROUTER_URL');
  const edgeText = env('EDGE_URLS');
  const edgeInput = options.edgeURLs ?? (edgeText ? parseEdgeURLs(edgeText) : undefined);
  const edgeURLs =
    edgeInput &&
    Object.fromEntries(
      Object.entries(edgeInput).map(([region, url]) => [
        resolveRegionId(region),
        checkURL(url, 'edgeURLs', 'EDGE_URLS'),
      ]),
    );

  let fallbackRegions = DEFAULT_FALLBACK_REGIONS;
  if (options.fallbackRegions) fallbackRegions = options.fallbackRegions.map(resolveRegionId);
  else if (edgeURLs) {
    // With explicit edge URLs (the emulator), only those edges are candidates: defaults first, then the rest.
    fallbackRegions = [
      ...DEFAULT_FALLBACK_REGIONS.filter((region) => region in edgeURLs),
      ...Object.keys(edgeURLs).filter((region) => !DEFAULT_FALLBACK_REGIONS.includes(region)),
    ];
  }

  return {
    apiKey,
    region: regionInput ? resolveRegionId(regionInput) : undefined,
    baseURL: baseURLInput ? normalizeBaseURL(baseURLInput) : undefined,
    autorouterURL: autorouterInput
      ? checkURL(autorouterInput, 'autorouterURL', 'AUTOROUTER_URL')
      : DEFAULT_AUTOROUTER_URL,
    autorouterTrusted: autorouterInput !== undefined,
    edgeURLs,
    fallbackRegions,
    ...numericOptions(options),
  };
}
