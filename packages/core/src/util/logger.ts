import type { PolarGridLogger } from '../types/options.js';
import { redactDeep, redactSecrets } from '../errors/redact.js';

/** A debug sink that is a no-op unless enabled. Every line and its data pass through redaction. */
export type DebugLog = (message: string, data?: Record<string, unknown>) => void;

export function createDebugLog(debug: boolean | PolarGridLogger | undefined): DebugLog {
  if (!debug) return () => {};
  return (message, data) => {
    const line = redactSecrets(message);
    const safeData = data === undefined ? undefined : redactDeep(data);
    if (typeof debug === 'function') debug(line, safeData);
    else console.debug(`[PolarGrid] ${line}`, ...(safeData ? [safeData] : []));
  };
}

/** A thrown value as text for a message or log line: an error's message, else the value. */
export const errorText = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);
