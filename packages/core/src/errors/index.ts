// The public errors (the main entry re-exports this file as it is).
export type { PolarGridErrorCode } from './codes.js';
export * from './error-classes.js';
export { isPolarGridError, PolarGridError } from './polargrid-error.js';
