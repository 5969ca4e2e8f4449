import { redactSecrets } from '../errors/polargrid-error.js';
import type { PolarGridLogger } from '../client/options.js';

/** A debug sink that is a no-op unless enabled. Every line passes through redaction. */
export type DebugLog = (message: string, data?: Record<string, unknown>) => void;

export function createDebugLog(debug: boolean | PolarGridLogger | undefined): DebugLog {
  if (!debug) return () => {};
  if (typeof debug === 'function') return (message, data) => debug(redactSecrets(message), data);
  return (message, data) => {
    const line = `[PolarGrid] ${redactSecrets(message)}`;
    if (data === undefined) console.debug(line);
    else console.debug(line, data);
  };
}
