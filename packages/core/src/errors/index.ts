export type { PolarGridErrorCode } from './codes.js';
export * from './error-classes.js';
export { isPolarGridError, PolarGridError, type PolarGridErrorInit } from './polargrid-error.js';
export { redactHeaders, redactSecrets } from './redact.js';
export { errorFromResponse, type ErrorContext, parseRetryAfter } from './from-response.js';
export { parseErrorBody, type ParsedErrorBody } from './parse-error-body.js';
