import type { RouteSource } from '../types/options.js';
import { publicEdgeURL, regionName } from '../regions/table.js';

/** One edge a request may go to. */
export interface Candidate {
  region: string;
  regionName: string | undefined;
  /** Base URL without `/v1` and without a trailing slash. */
  endpoint: string;
  source: RouteSource;
}

/** A candidate; the name defaults to the region table's. */
export const candidate = (
  region: string,
  endpoint: string,
  source: RouteSource,
  name = regionName(region),
): Candidate => ({ region, regionName: name, endpoint, source });

/** How logs name an edge: `Toronto (yto-01)`. */
export const describeCandidate = (c: Candidate): string =>
  `${c.regionName ?? c.region} (${c.region})`;

/** The part of the router's config that names edges. */
type EdgeNaming = {
  edgeURLs: Record<string, string> | undefined;
  fallbackRegions: readonly string[];
};

/** The edge URL of a region, or undefined when `edgeURLs` is given and lacks it. */
export const edgeURL = ({ edgeURLs }: EdgeNaming, region: string): string | undefined => {
  if (!edgeURLs) return publicEdgeURL(region);
  // The region may come from the autorouter: only the map's own entries count, never
  // `constructor` or `__proto__` from its prototype.
  return Object.hasOwn(edgeURLs, region) ? edgeURLs[region] : undefined;
};

/** The fallback regions that have an edge URL, in order, as candidates from `source`. */
export const fallbacks = (config: EdgeNaming, source: RouteSource): Candidate[] =>
  config.fallbackRegions.flatMap((region) => {
    const endpoint = edgeURL(config, region);
    return endpoint ? [candidate(region, endpoint, source)] : [];
  });
