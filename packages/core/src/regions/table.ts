/** One PolarGrid edge region. Data, not logic (D8): extend the table, never branch on ids. */
export interface RegionInfo {
  id: string;
  name: string;
  location: string;
  country: 'CA' | 'US' | (string & {});
  /** Lower-case aliases. `-02` regions have none: they are addressed by id only. */
  aliases: readonly string[];
}

/**
 * The current (V3) region table, from PolarGrid's regions page, one row per region:
 * id, name, location, country, aliases.
 */
const TABLE: readonly [
  id: string,
  name: string,
  location: string,
  country: RegionInfo['country'],
  aliases: readonly string[],
][] = [
  ['yto-01', 'Toronto', 'Canada Central', 'CA', ['toronto', 'yto']],
  ['yto-02', 'Toronto 02', 'Canada Central', 'CA', []],
  ['yul-01', 'Montreal', 'Canada East', 'CA', ['montreal', 'yul']],
  ['yul-02', 'Montreal 02', 'Canada East', 'CA', []],
  ['yvr-02', 'Vancouver', 'Canada West', 'CA', ['vancouver', 'yvr']],
  ['nyc-01', 'New York', 'US East', 'US', ['new-york', 'newyork', 'nyc']],
  ['nyc-02', 'New York 02', 'US East', 'US', []],
  ['dal-01', 'Dallas', 'US Central', 'US', ['dallas', 'dal']],
  ['dal-02', 'Dallas 02', 'US Central', 'US', []],
  ['sfo-01', 'San Francisco', 'US West', 'US', ['san-francisco', 'sanfrancisco', 'sf', 'sfo']],
];

/** The region table: each region's id, name, location, country and aliases. */
export const REGIONS: readonly RegionInfo[] = TABLE.map(
  ([id, name, location, country, aliases]) => ({ id, name, location, country, aliases }),
);

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

/** Every region by id and by each alias. */
const byKey = new Map(
  REGIONS.flatMap((region) => [region.id, ...region.aliases].map((key) => [key, region] as const)),
);

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

/**
 * A genuine edge URL, as the URL parser serialises it: https, the default port, no user info, and
 * exactly the host `api.<id>.edge.polargrid.ai` (the `/` after it rules out ports and longer hosts).
 */
const EDGE_URL = /^https:\/\/api\.([a-z]{3}-\d{2})\.edge\.polargrid\.ai\//;

/** The region id of a genuine PolarGrid edge URL (`https://api.<id>.edge.polargrid.ai`), else undefined. */
export function polarGridEdgeRegion(url: string): string | undefined {
  try {
    return EDGE_URL.exec(new URL(url).href)?.[1];
  } catch {
    return undefined;
  }
}
