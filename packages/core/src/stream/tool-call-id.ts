let counter = 0;

/**
 * A `call_…` id for a tool call the server sent without one. Unique within the process
 * (counter) and unlikely to collide across processes (random part); not a secret.
 */
export function generateToolCallId(): string {
  counter = (counter + 1) % 0x100000;
  return `call_${Math.random().toString(36).slice(2, 12)}${counter.toString(36)}`;
}

/**
 * The server's tool-call id as a string: numbers are stringified; '', null and anything else
 * mean "none". The same reading as error codes get, so one helper serves both.
 */
export { textOf as wireId } from '../errors/parse-error-body.js';
