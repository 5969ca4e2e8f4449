import { ConfigurationError } from '../errors/error-classes.js';
import { findRegion, RAW_REGION_ID, REGIONS } from './table.js';

/**
 * Resolves a caller's `region` (id or alias, any case) to a region id.
 * Unknown values that look like a region id (`abc-01`) are accepted as-is (D8); anything else
 * is a {@link ConfigurationError} that lists the valid ids and aliases.
 */
export function resolveRegionId(input: string): string {
  const known = findRegion(input);
  if (known) return known.id;
  const raw = input.trim().toLowerCase();
  if (RAW_REGION_ID.test(raw)) return raw;
  const valid = REGIONS.map((r) => (r.aliases.length ? `${r.id} (${r.aliases.join(', ')})` : r.id));
  throw new ConfigurationError({
    message: `Unknown PolarGrid region "${input}". Use a region id or alias: ${valid.join('; ')}. Ids of new regions in the form "abc-01" are accepted as-is.`,
    code: 'unknown_region',
  });
}
