/**
 * `@polargrid/core/internal`: helpers the PolarGrid packages share with each other. Not public
 * API: names and behaviour may change in any release, without a changelog entry.
 */
export { checkURLOptions, DEFAULTS } from './connection/config.js';
export { BACKOFF_BASE_MS, BACKOFF_CAP_MS, MAX_RETRY_AFTER_SECONDS } from './http/backoff.js';
export { FALLBACK_TTL_SECONDS } from './routing/router.js';
export { anySignal } from './util/abort.js';
export { getEnv } from './util/env.js';
export { parseJSON } from './util/safe-json.js';
export {
  API_KEY_ENV,
  configuredApiKey,
  missingApiKeyError,
  resolveApiKey,
} from './auth/api-key.js';
export {
  containsSecret,
  serializableOptions,
  withoutCredentials,
} from './connection/serializable-options.js';
