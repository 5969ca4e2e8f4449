export {
  DEFAULT_AUTOROUTER_URL,
  DEFAULT_FALLBACK_REGIONS,
  findRegion,
  polarGridEdgeRegion,
  publicEdgeURL,
  RAW_REGION_ID,
  REGIONS,
  regionName,
  type RegionInfo,
} from './table.js';
export { resolveRegionId } from './resolve.js';
