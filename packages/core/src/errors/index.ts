// The public errors (the main entry re-exports this file as it is).
export * from './error-classes.js';
export { isPolarGridError, PolarGridError } from './polargrid-error.js';
