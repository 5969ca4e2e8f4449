import { ConfigurationError } from '../errors/error-classes.js';
import { findRegion, RAW_REGION_ID, REGIONS } from './table.js';

/**
 * Resolves a caller's `region` (id or alias, any case) to a region id.
 * Unknown values that look like a region id (`abc-01`) are accepted as-is (D8); anything else
 * is a {@link ConfigurationError} that lists the valid ids and aliases.
 */
export function resolveRegionId(input: string): string {
  const key = input.trim().toLowerCase();
  const id = findRegion(key)?.id ?? (RAW_REGION_ID.test(key) ? key : undefined);
  if (id) return id;
  const valid = REGIONS.map(({ id, aliases }) =>
    aliases.length ? `${id} (${aliases.join(', ')})` : id,
  );
  throw new ConfigurationError({
    message: `Unknown PolarGrid region "${input}". Valid ids and aliases: ${valid.join('; ')}; ids of newer regions ("abc-01") are accepted as-is.`,
    code: 'unknown_region',
  });
}
