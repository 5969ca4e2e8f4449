/** Every fault the emulator can inject (see the README for what each does). */
export const FAULT_KINDS = [
  'rate-limit',
  'server-error',
  'reset-before-headers',
  'reset-mid-stream',
  'stall',
  'malformed-chunk',
  'stream-error',
  'no-finish',
  'cloudfront-403',
  'model-not-loaded',
  'billing',
  'autorouter-slow',
  'autorouter-dead',
  'edge-dead',
  'never-ready',
  'slow-first-reply',
] as const;

export type FaultKind = (typeof FAULT_KINDS)[number];

/** Fault parameters: `retryAfter`, `status`, `afterChunks`, `ms`, `message`, `type`, `code`, `mode`. */
export type FaultParams = Record<string, string | number | undefined>;

/** One fault to apply to one request. */
export interface Fault {
  kind: FaultKind;
  params: FaultParams;
}

export function isFaultKind(value: string): value is FaultKind {
  return (FAULT_KINDS as readonly string[]).includes(value);
}

/** A numeric parameter, or `fallback` when absent or not a number. */
export function numParam(fault: Fault, name: string, fallback: number): number {
  const raw = fault.params[name];
  const value = typeof raw === 'number' ? raw : raw === undefined ? Number.NaN : Number(raw);
  return Number.isFinite(value) ? value : fallback;
}

export function strParam(fault: Fault, name: string, fallback: string): string {
  const raw = fault.params[name];
  return raw === undefined ? fallback : String(raw);
}

/**
 * Parses `x-pg-emulator-fault: <kind>[;key=value…]`. Unknown kinds are reported, not ignored,
 * so a typo in a test fails loudly.
 */
export function parseFaultHeader(header: string): Fault | { error: string } {
  const [head = '', ...pairs] = header.split(';').map((part) => part.trim());
  if (!isFaultKind(head)) return { error: `Unknown emulator fault kind: ${head}` };
  const params: FaultParams = {};
  for (const pair of pairs) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    const key = eq === -1 ? pair : pair.slice(0, eq).trim();
    const value = eq === -1 ? '' : pair.slice(eq + 1).trim();
    params[key] = value !== '' && Number.isFinite(Number(value)) ? Number(value) : value;
  }
  return { kind: head, params };
}
