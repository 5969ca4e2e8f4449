import { assertBrowserAllowed, assertKeyFormat } from '../auth/api-key.js';
import { ConfigurationError } from '../errors/error-classes.js';
import { resolveRegionId } from '../regions/resolve.js';
import { DEFAULT_AUTOROUTER_URL, DEFAULT_FALLBACK_REGIONS } from '../regions/table.js';
import { getEnv } from '../util/env.js';
import type { PolarGridClientOptions, Resolvable } from './options.js';

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

function checkURL(value: string, option: string, env: string): string {
  try {
    const url = new URL(value);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error('not http(s)');
  } catch {
    throw new ConfigurationError({
      message: `${option} (or ${env}) must be an http(s) URL (got ${JSON.stringify(value)}).`,
      code: 'invalid_url',
    });
  }
  return value.trim().replace(/\/+$/, '');
}

/** `https://edge/v1/` → `https://edge`: the base URL is accepted with or without `/v1`. */
export function normaliseBaseURL(value: string): string {
  return checkURL(value, 'baseURL', 'POLARGRID_BASE_URL').replace(/\/v1$/, '');
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
        message: `POLARGRID_EDGE_URLS must look like "yto-01=http://127.0.0.1:4001,yul-01=…" (bad item ${JSON.stringify(item)}).`,
        code: 'invalid_edge_urls',
      });
    }
    out[item.slice(0, eq).trim()] = item.slice(eq + 1).trim();
  }
  return out;
}

function normaliseEdgeURLs(input: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [region, url] of Object.entries(input)) {
    out[resolveRegionId(region)] = checkURL(url, 'edgeURLs', 'POLARGRID_EDGE_URLS');
  }
  return out;
}

function nonNegative(value: number | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || Number.isNaN(value) || value < 0) {
    throw new ConfigurationError({
      message: `${name} must be a number ≥ 0 (got ${String(value)}).`,
      code: 'invalid_option',
    });
  }
  return value;
}

/** Applies env fallbacks and validates everything that can be checked without the network. */
export function resolveConfig(options: PolarGridClientOptions): ResolvedConfig {
  const apiKey = options.apiKey ?? getEnv('POLARGRID_API_KEY');
  if (typeof apiKey === 'string' && apiKey.trim() !== '') assertKeyFormat(apiKey);
  assertBrowserAllowed(apiKey !== undefined && apiKey !== '', options.dangerouslyAllowBrowser);

  const regionInput = options.region ?? getEnv('POLARGRID_REGION');
  const baseURLInput = options.baseURL ?? getEnv('POLARGRID_BASE_URL');
  const autorouterInput = options.autorouterURL ?? getEnv('POLARGRID_AUTOROUTER_URL');
  const edgeInput =
    options.edgeURLs ??
    (getEnv('POLARGRID_EDGE_URLS') ? parseEdgeURLs(getEnv('POLARGRID_EDGE_URLS')!) : undefined);
  const edgeURLs = edgeInput ? normaliseEdgeURLs(edgeInput) : undefined;

  let fallbackRegions: readonly string[];
  if (options.fallbackRegions) fallbackRegions = options.fallbackRegions.map(resolveRegionId);
  else if (edgeURLs) {
    // With explicit edge URLs (the emulator), only those edges are candidates: defaults first, then the rest.
    const defaults = DEFAULT_FALLBACK_REGIONS.filter((r) => r in edgeURLs);
    fallbackRegions = [...defaults, ...Object.keys(edgeURLs).filter((r) => !defaults.includes(r))];
  } else fallbackRegions = DEFAULT_FALLBACK_REGIONS;

  return {
    apiKey: apiKey === '' ? undefined : apiKey,
    region: regionInput ? resolveRegionId(regionInput) : undefined,
    baseURL: baseURLInput ? normaliseBaseURL(baseURLInput) : undefined,
    autorouterURL: autorouterInput
      ? checkURL(autorouterInput, 'autorouterURL', 'POLARGRID_AUTOROUTER_URL')
      : DEFAULT_AUTOROUTER_URL,
    autorouterTrusted: autorouterInput !== undefined,
    edgeURLs,
    fallbackRegions,
    timeout: nonNegative(options.timeout, 'timeout', DEFAULTS.timeout),
    streamIdleTimeout: nonNegative(
      options.streamIdleTimeout,
      'streamIdleTimeout',
      DEFAULTS.streamIdleTimeout,
    ),
    maxRetries: nonNegative(options.maxRetries, 'maxRetries', DEFAULTS.maxRetries),
    maxFailovers: nonNegative(options.maxFailovers, 'maxFailovers', DEFAULTS.maxFailovers),
    discoveryTimeout: nonNegative(
      options.discoveryTimeout,
      'discoveryTimeout',
      DEFAULTS.discoveryTimeout,
    ),
  };
}
