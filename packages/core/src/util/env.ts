/**
 * Reads an environment variable where the runtime has one (Node, Bun, Deno with `process`
 * compatibility, Vercel Edge). Returns `undefined` on runtimes without `process` (browsers,
 * Workers) instead of throwing, and treats an empty value as unset.
 */
export function getEnv(name: string): string | undefined {
  try {
    const proc = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process;
    // An empty value is unset.
    return proc?.env?.[name] || undefined;
  } catch {
    // Deno without --allow-env throws on access; that is the same as "not set".
    return undefined;
  }
}

/**
 * Whether this runtime has environment variables to read: false in browsers and Workers (no
 * `process.env`) and in Deno without --allow-env (reading throws).
 */
export function canReadEnv(): boolean {
  try {
    const proc = (globalThis as { process?: { env?: unknown } }).process;
    return typeof proc?.env === 'object' && proc.env !== null;
  } catch {
    return false;
  }
}
