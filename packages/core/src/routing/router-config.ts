import type { DebugLog } from '../util/logger.js';
import type { EdgeMemory } from './edge-memory.js';

/** What a {@link Router} reads of the resolved client options. */
export interface RouterConfig {
  fetch: typeof fetch;
  /** Explicit edge: no routing, no failover. */
  baseURL: string | undefined;
  /** Pinned region id. */
  region: string | undefined;
  /** Without a trailing slash. */
  autorouterURL: string;
  /** True when the caller chose the autorouter (option or env): its endpoints are then trusted as-is. */
  autorouterTrusted: boolean;
  /** Edge URLs without trailing slashes (the config normalises them). */
  edgeURLs: Record<string, string> | undefined;
  fallbackRegions: readonly string[];
  discoveryTimeout: number;
  maxFailovers: number;
  log: DebugLog;
  /** Orders candidates by what the client has seen of the edges (a fresh one when absent). */
  memory?: EdgeMemory;
}
