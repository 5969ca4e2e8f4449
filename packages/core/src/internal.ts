/**
 * `@polargrid/core/internal`: what the adapters (`@polargrid/ai-sdk-provider`,
 * `@polargrid/langchain`) import from the core and nothing else. Not public API: names and
 * behaviour may change in any release, without a changelog entry.
 */
export { checkURLOptions } from './connection/config.js';
export {
  containsSecret,
  serializableOptions,
  withoutCredentials,
} from './connection/serializable-options.js';
