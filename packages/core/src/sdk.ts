/**
 * `@polargrid/core/sdk`: the official PolarGrid SDK's shape ({@link PolarGrid}: camelCase in and
 * out, `PolarGrid.create()`, `getRegionId()`), built only on the main entry's public API. Apps that
 * use `PolarGridEdge` and the endpoint functions neither load nor bundle it.
 *
 * @module
 */
export * from './sdk/index.js';
