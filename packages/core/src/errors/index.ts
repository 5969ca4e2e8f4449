export * from './error-classes.js';
export {
  isPolarGridError,
  PolarGridError,
  type PolarGridErrorInit,
  redactSecrets,
} from './polargrid-error.js';
export { errorFromResponse, type ErrorContext, parseRetryAfter } from './from-response.js';
export { parseErrorBody, type ParsedErrorBody } from './parse-error-body.js';
