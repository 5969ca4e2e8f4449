/** One PolarGrid edge region. Data, not logic (D8): extend the table, never branch on ids. */
export interface RegionInfo {
  id: string;
  name: string;
  location: string;
  country: 'CA' | 'US' | (string & {});
  /** Lower-case aliases. `-02` regions have none: they are addressed by id only. */
  aliases: readonly string[];
}

/** The current (V3) region table, from PolarGrid's regions page. */
export const REGIONS: readonly RegionInfo[] = [
  {
    id: 'yto-01',
    name: 'Toronto',
    location: 'Canada Central',
    country: 'CA',
    aliases: ['toronto', 'yto'],
  },
  { id: 'yto-02', name: 'Toronto 02', location: 'Canada Central', country: 'CA', aliases: [] },
  {
    id: 'yul-01',
    name: 'Montreal',
    location: 'Canada East',
    country: 'CA',
    aliases: ['montreal', 'yul'],
  },
  { id: 'yul-02', name: 'Montreal 02', location: 'Canada East', country: 'CA', aliases: [] },
  {
    id: 'yvr-02',
    name: 'Vancouver',
    location: 'Canada West',
    country: 'CA',
    aliases: ['vancouver', 'yvr'],
  },
  {
    id: 'nyc-01',
    name: 'New York',
    location: 'US East',
    country: 'US',
    aliases: ['new-york', 'newyork', 'nyc'],
  },
  { id: 'nyc-02', name: 'New York 02', location: 'US East', country: 'US', aliases: [] },
  {
    id: 'dal-01',
    name: 'Dallas',
    location: 'US Central',
    country: 'US',
    aliases: ['dallas', 'dal'],
  },
  { id: 'dal-02', name: 'Dallas 02', location: 'US Central', country: 'US', aliases: [] },
  {
    id: 'sfo-01',
    name: 'San Francisco',
    location: 'US West',
    country: 'US',
    aliases: ['san-francisco', 'sanfrancisco', 'sf', 'sfo'],
  },
];

/**
 * Regions tried, in order, when the autorouter cannot be reached or answers garbage, and as
 * failover candidates after the routed edge. One primary edge per metro, Canada first (the
 * V2 SDK default was Toronto), then the US from east to west.
 */
export const DEFAULT_FALLBACK_REGIONS: readonly string[] = [
  'yto-01',
  'yul-01',
  'yvr-02',
  'nyc-01',
  'dal-01',
  'sfo-01',
];

/** Default autorouter. */
export const DEFAULT_AUTOROUTER_URL = 'https://autorouter.polargrid.ai';

/**
 * Ids of the form `abc-01` that are not in the table are accepted as-is (D8: PolarGrid adds
 * edges faster than packages ship; the 3P SDK already knows `dfw-01`, `chi-01`, …).
 */
export const RAW_REGION_ID = /^[a-z]{3}-\d{2}$/;

const byKey = new Map<string, RegionInfo>();
for (const region of REGIONS) {
  byKey.set(region.id, region);
  for (const alias of region.aliases) byKey.set(alias, region);
}

/** Looks up a region by id or alias, case-insensitively. */
export function findRegion(idOrAlias: string): RegionInfo | undefined {
  return byKey.get(idOrAlias.trim().toLowerCase());
}

/** The human name of a region id, when the table knows it. */
export function regionName(id: string): string | undefined {
  return byKey.get(id)?.name;
}

/** The public edge base URL of a region (no `/v1`, no port). */
export function publicEdgeURL(id: string): string {
  return `https://api.${id}.edge.polargrid.ai`;
}

const EDGE_HOST = /^api\.([a-z]{3}-\d{2})\.edge\.polargrid\.ai$/;

/** The region id of a genuine PolarGrid edge URL (`https://api.<id>.edge.polargrid.ai`), else undefined. */
export function polarGridEdgeRegion(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'https:' || parsed.port !== '' || parsed.username || parsed.password) {
      return undefined;
    }
    return EDGE_HOST.exec(parsed.hostname)?.[1];
  } catch {
    return undefined;
  }
}
