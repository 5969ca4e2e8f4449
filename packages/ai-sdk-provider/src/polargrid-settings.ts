import type { PolarGridClientOptions } from '@polargrid/core';

/**
 * Settings of {@link createPolarGrid}: the core's connection options (`apiKey`, `region`,
 * `baseURL`, `autorouterURL`, `edgeURLs`, `fallbackRegions`, `headers`, `fetch`, `queryParams`,
 * `timeout`, `streamIdleTimeout`, `maxFailovers`, `discoveryTimeout`, `debug`,
 * `dangerouslyAllowBrowser`, `hedge`), each behaving as documented there, plus `includeUsage`. Every one is
 * optional.
 *
 * Left out because the provider sets them itself:
 * - `maxRetries`: `ai` retries (its own `maxRetries`, honouring `retry-after`), so the core never
 *   retries underneath it;
 * - `clientName` and `userAgentSuffix`: the provider identifies itself as
 *   `ai-sdk/polargrid/<VERSION>`;
 * - `requireApiKey`: creating a provider never throws; a missing key is a `LoadAPIKeyError` per
 *   request.
 */
export interface PolarGridProviderSettings
  extends Omit<
    PolarGridClientOptions,
    'maxRetries' | 'clientName' | 'userAgentSuffix' | 'requireApiKey'
  > {
  /**
   * Report token usage from streams. Default true. The core always sends
   * `stream_options.include_usage` (project decision D6), so `false` only stops reporting it.
   */
  includeUsage?: boolean;
}
